/**
 * The EHR as the orchestrator sees it: FHIR R4 reads, type searches and `Patient/$everything`
 * over HTTP, every page validated with src/contracts/ehr.ts. Paged results follow
 * `link[relation=next]` until it is absent, refusing a link already followed (a server loop)
 * and giving up after `maxPages`.
 */
import {
  EverythingBundleSchema, EhrResourceSchema, PatientSchema,
  type EhrResource, type EhrResourceType, type EhrSearchset, type Patient,
} from '../../src/contracts/ehr.js';
import { PermanentError, TransientError } from './client-errors.js';
import { createHttpClient, type HttpClientConfig } from './http-client.js';

export interface EhrClientConfig extends HttpClientConfig {
  /** Path of the FHIR base under `baseUrl` (default `/ehr/fhir`). */
  readonly fhirPath?: string;
  /** Upper bound on pages followed by one paged read (default 100). */
  readonly maxPages?: number;
}

export type ResourceOf<T extends EhrResourceType> = Extract<EhrResource, { resourceType: T }>;

export interface EhrClient {
  readPatient(id: string): Promise<Patient>;
  read<T extends EhrResourceType>(type: T, id: string): Promise<ResourceOf<T>>;
  /** Every resource of the patient's chart, all pages collected, in server order. */
  everything(patientId: string, options?: { count?: number; types?: readonly EhrResourceType[] }): Promise<EhrResource[]>;
  /** A type search (`Observation?patient=p1&code=http://loinc.org|4548-4`), all pages collected. */
  search<T extends EhrResourceType>(type: T, params: Readonly<Record<string, string>>): Promise<ResourceOf<T>[]>;
  /** The absolute FHIR base (`http://host/ehr/fhir`): resources' fullUrls are `{fhirBase}/{type}/{id}`. */
  readonly fhirBase: string;
}

/**
 * @example
 * const ehr = createEhrClient({ baseUrl: 'http://localhost:4010', fetch, timeoutMs: 5000 });
 * const chart = await ehr.everything('pat-lumbar-meets');
 */
export function createEhrClient(config: EhrClientConfig): EhrClient {
  const http = createHttpClient(config);
  const fhir = config.fhirPath ?? '/ehr/fhir';
  const maxPages = config.maxPages ?? 100;
  const enc = encodeURIComponent;

  async function pages(first: string): Promise<EhrResource[]> {
    const seen = new Set<string>();
    const out: EhrResource[] = [];
    let next: string | undefined = http.resolve(first);
    while (next !== undefined) {
      const operation = `GET ${first.split('?')[0]}`;
      if (seen.has(next)) throw new PermanentError(`paging loop: link[relation=next] repeats ${next}`, { operation });
      if (seen.size >= maxPages) throw new TransientError(`more than ${maxPages} pages; giving up`, { operation });
      seen.add(next);
      const page: EhrSearchset = (await http.call({ method: 'GET', path: next, schema: EverythingBundleSchema, mediaType: 'application/fhir+json' })).data;
      for (const e of page.entry ?? []) out.push(e.resource);
      next = page.link?.find((l) => l.relation === 'next')?.url;
    }
    return out;
  }

  async function read<T extends EhrResourceType>(type: T, id: string): Promise<ResourceOf<T>> {
    const schema = type === 'Patient' ? PatientSchema : EhrResourceSchema;
    const { data } = await http.call({ method: 'GET', path: `${fhir}/${type}/${enc(id)}`, schema, mediaType: 'application/fhir+json' });
    if (data.resourceType !== type) {
      throw new TransientError(`asked for ${type}/${id}, got a ${data.resourceType}`, { operation: `GET ${fhir}/${type}/${id}` });
    }
    return data as ResourceOf<T>;
  }

  return {
    fhirBase: http.resolve(fhir),
    readPatient: (id) => read('Patient', id),
    read,
    everything(patientId, options = {}) {
      const q = new URLSearchParams();
      if (options.count !== undefined) q.set('_count', String(options.count));
      if (options.types?.length) q.set('_type', options.types.join(','));
      const qs = q.toString();
      return pages(`${fhir}/Patient/${enc(patientId)}/$everything${qs ? `?${qs}` : ''}`);
    },
    async search(type, params) {
      const found = await pages(`${fhir}/${type}?${new URLSearchParams(params as Record<string, string>).toString()}`);
      return found.filter((r): r is ResourceOf<typeof type> => r.resourceType === type);
    },
  };
}

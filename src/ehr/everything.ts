/**
 * `Patient/$everything`: the patient, every resource of their chart and the practitioners and
 * organizations those resources reference, as a paged searchset. `_type` keeps only the
 * listed types; `_since` keeps resources whose meta.lastUpdated is at or after the instant.
 */
import type { EhrResource, EhrResourceType } from '../contracts/ehr.js';
import { InstantSchema } from '../contracts/fhir-base.js';
import { badRequest, notFound } from '../core/operation-outcome.js';
import type { Panel } from './panel.js';
import { isServedType, SERVED_TYPES } from './resource-types.js';

/** The FHIRPath-like root that error expressions name, e.g. `Patient.$everything._count`. */
export const EVERYTHING_WHERE = 'Patient.$everything';
const WHERE = EVERYTHING_WHERE;

/** The parameters `$everything` takes (query string, form or Parameters body). */
export const EVERYTHING_PARAMS = ['_type', '_since', '_count', '_offset', '_summary', '_elements'];

/** The chart plus its referenced Practitioner and Organization resources, in a stable order. */
export function everythingOf(panel: Panel, patientId: string): EhrResource[] {
  const chart = panel.chart(patientId);
  if (!chart) throw notFound(`Patient/${patientId}`);
  const refs = new Set<string>();
  for (const m of JSON.stringify(chart).matchAll(/"reference":"((?:Practitioner|Organization)\/[A-Za-z0-9\-.]+)"/g)) refs.add(m[1]!);
  const referenced = [...refs].sort().flatMap((key) => {
    const [type, id] = key.split('/') as [string, string];
    const r = panel.get(type, id);
    return r ? [r] : [];
  });
  return [...chart, ...referenced];
}

function readTypes(query: URLSearchParams): Set<EhrResourceType> | undefined {
  const raw = query.getAll('_type');
  if (raw.length === 0) return undefined;
  const names = raw.flatMap((v) => v.split(',')).map((n) => n.trim());
  for (const name of names) {
    if (!isServedType(name)) {
      throw badRequest(`_type "${name}" is not a resource type this EHR serves: use a comma list of ${SERVED_TYPES.join(', ')}`, `${WHERE}._type`);
    }
  }
  return new Set(names as EhrResourceType[]);
}

function readSince(query: URLSearchParams): number | undefined {
  const raw = query.getAll('_since');
  if (raw.length === 0) return undefined;
  if (raw.length > 1) throw badRequest('_since is repeated: give it once', `${WHERE}._since`);
  const value = raw[0]!;
  if (!InstantSchema.safeParse(value).success) {
    throw badRequest(`_since must be a FHIR instant with a time zone, e.g. 2026-01-01T00:00:00Z, got "${value}"`, `${WHERE}._since`);
  }
  return Date.parse(value);
}

/** The matches of `$everything` for `patientId` after the `_type` and `_since` filters. */
export function everything(panel: Panel, patientId: string, query: URLSearchParams): EhrResource[] {
  const types = readTypes(query);
  const since = readSince(query);
  return everythingOf(panel, patientId).filter((r) =>
    (!types || types.has(r.resourceType)) &&
    (since === undefined || Date.parse(r.meta?.lastUpdated ?? '') >= since));
}


/**
 * Type-level searches: the parameters each served type accepts, and the filter they make.
 * Clinical types require `patient` (`Patient/123` or `123`); Observation adds `category`
 * and `code`; Patient takes `identifier` (`system|value` or a bare value) and `_id`. Token
 * parameters accept comma-separated alternatives. Other parameters are ignored, as FHIR's
 * lenient handling allows.
 */
import type { Coding } from '../contracts/fhir-base.js';
import type { EhrResource, EhrResourceType, Observation } from '../contracts/ehr.js';
import { badRequest } from '../core/operation-outcome.js';

export interface SearchParamDoc {
  readonly name: string;
  readonly type: 'token' | 'reference';
  readonly documentation: string;
}

const PATIENT_PARAM: SearchParamDoc = { name: 'patient', type: 'reference', documentation: 'Required: Patient/[id] or [id]' };
const ID_PARAM: SearchParamDoc = { name: '_id', type: 'token', documentation: 'Logical id' };
const IDENTIFIER_PARAM: SearchParamDoc = { name: 'identifier', type: 'token', documentation: '[system]|[value] or [value]' };

export const SEARCH_PARAMS: Record<EhrResourceType, readonly SearchParamDoc[]> = {
  Patient: [ID_PARAM, IDENTIFIER_PARAM],
  Condition: [PATIENT_PARAM],
  Observation: [
    PATIENT_PARAM,
    { name: 'category', type: 'token', documentation: 'laboratory, vital-signs, survey or imaging ([system]|[code] accepted)' },
    { name: 'code', type: 'token', documentation: '[system]|[code] or [code], e.g. http://loinc.org|4548-4' },
  ],
  Procedure: [PATIENT_PARAM],
  MedicationRequest: [PATIENT_PARAM],
  Coverage: [PATIENT_PARAM],
  DocumentReference: [PATIENT_PARAM],
  Practitioner: [ID_PARAM, IDENTIFIER_PARAM],
  Organization: [ID_PARAM, IDENTIFIER_PARAM],
};

/** Whether any comma-separated alternative of a token parameter matches one of the codings. */
export function tokenMatches(param: string, codings: readonly { system?: string; code?: string; value?: string }[]): boolean {
  return param.split(',').some((alt) => {
    const bar = alt.indexOf('|');
    const system = bar < 0 ? undefined : alt.slice(0, bar);
    const code = bar < 0 ? alt : alt.slice(bar + 1);
    return codings.some((c) => (system === undefined || (system === '' ? !c.system : c.system === system)) && (code === '' || (c.code ?? c.value) === code));
  });
}

/** The id of `Patient/123`, `123` or `[base]/Patient/123`; 400 on anything else. */
export function patientId(raw: string, where: string): string {
  const m = /^(?:.*\/)?(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(raw);
  if (!m || (raw.includes('/') && !/(^|\/)Patient\/[^/]+$/.test(raw))) {
    throw badRequest(`patient must be Patient/[id] or [id], got "${raw}"`, where);
  }
  return m[1]!;
}

function patientRef(r: EhrResource): string | undefined {
  if (r.resourceType === 'Coverage') return r.beneficiary.reference;
  return 'subject' in r ? (r.subject as { reference?: string }).reference : undefined;
}

const codingsOf = (concepts: readonly { coding?: Coding[] }[] | undefined) => (concepts ?? []).flatMap((c) => c.coding ?? []);

/** The matches of a search on `type`, in panel order. */
export function search(type: EhrResourceType, pool: readonly EhrResource[], query: URLSearchParams): EhrResource[] {
  const docs = SEARCH_PARAMS[type];
  const filters: ((r: EhrResource) => boolean)[] = [];
  for (const doc of docs) {
    const values = query.getAll(doc.name);
    const where = `${type}.${doc.name}`;
    if (values.length === 0) {
      if (doc === PATIENT_PARAM) throw badRequest(`${type} search requires the patient parameter, e.g. ${type}?patient=Patient/pat-lumbar-meets`, where);
      continue;
    }
    for (const value of values) {
      if (value === '') throw badRequest(`${doc.name} is empty`, where);
      if (doc === PATIENT_PARAM) {
        const ref = `Patient/${patientId(value, where)}`;
        filters.push((r) => patientRef(r) === ref);
      } else if (doc === ID_PARAM) {
        filters.push((r) => value.split(',').includes(r.id));
      } else if (doc === IDENTIFIER_PARAM) {
        filters.push((r) => tokenMatches(value, 'identifier' in r ? (r.identifier as { system?: string; value?: string }[]) : []));
      } else {
        const concepts = (r: Observation) => (doc.name === 'category' ? r.category : [r.code]);
        filters.push((r) => tokenMatches(value, codingsOf(concepts(r as Observation))));
      }
    }
  }
  return pool.filter((r) => filters.every((f) => f(r)));
}

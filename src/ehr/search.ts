/**
 * Type-level searches: the parameters each served type declares (and the CapabilityStatement
 * lists), and the filter each makes. Clinical types require `patient` (`Patient/123` or `123`);
 * Patient takes `name` (string: starts-with on family/given/text, `:exact`, `:contains`),
 * `birthdate` (date), `gender` and `identifier` (tokens) and `_id`; Observation adds `category`,
 * `code` and `date`. Token and string parameters take comma-separated alternatives; repeating
 * a parameter ANDs its values. Parameters a type does not declare are ignored and left out of
 * the self link, or refused under `Prefer: handling=strict` (R4 search.html#errors); a declared
 * parameter with a modifier we do not implement is refused, as R4 requires.
 */
import type { Coding } from '../contracts/fhir-base.js';
import type { EhrResource, EhrResourceType } from '../contracts/ehr.js';
import { badRequest } from '../core/operation-outcome.js';
import { dateMatches, parseDateParam, rangeOf, type Range } from '../core/fhir-rest/date-search.js';

export interface SearchParamDoc {
  readonly name: string;
  readonly type: 'token' | 'reference' | 'string' | 'date';
  readonly documentation: string;
}

type Json = Record<string, unknown>;
type Matcher = (r: EhrResource) => boolean;
interface ParamImpl extends SearchParamDoc {
  readonly modifiers?: readonly string[];
  readonly required?: boolean;
  filter(value: string, where: string, modifier: string | undefined): Matcher;
}

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
/** Case- and accent-insensitive form of a string parameter (R4 search.html#string). */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const patient: ParamImpl = {
  name: 'patient', type: 'reference', documentation: 'Required: Patient/[id] or [id]', required: true,
  filter: (value, where) => {
    const ref = `Patient/${patientId(value, where)}`;
    return (r) => patientRef(r) === ref;
  },
};
const id: ParamImpl = { name: '_id', type: 'token', documentation: 'Logical id (comma list)', filter: (value) => (r) => value.split(',').includes(r.id) };
const identifier: ParamImpl = {
  name: 'identifier', type: 'token', documentation: '[system]|[value] or [value]',
  filter: (value) => (r) => tokenMatches(value, 'identifier' in r ? (r.identifier as { system?: string; value?: string }[]) : []),
};

/** The strings a HumanName search looks at: family, given, prefix, suffix and text. */
function nameParts(r: EhrResource): string[] {
  const names = (r as Json).name;
  return (Array.isArray(names) ? names : []).flatMap((n: Json) =>
    [n.family, n.text, ...(Array.isArray(n.given) ? n.given : []), ...(Array.isArray(n.prefix) ? n.prefix : []), ...(Array.isArray(n.suffix) ? n.suffix : [])]
      .filter((s): s is string => typeof s === 'string'));
}

const name: ParamImpl = {
  name: 'name', type: 'string', modifiers: ['exact', 'contains'],
  documentation: 'Starts with (case- and accent-insensitive) any of family, given, prefix, suffix or text; :exact and :contains',
  filter: (value, _where, modifier) => {
    const alts = value.split(',');
    return (r) => nameParts(r).some((part) => alts.some((alt) => {
      if (modifier === 'exact') return part === alt;
      if (modifier === 'contains') return fold(part).includes(fold(alt));
      return fold(part).startsWith(fold(alt));
    }));
  },
};

const gender: ParamImpl = {
  name: 'gender', type: 'token', documentation: 'male, female, other or unknown (http://hl7.org/fhir/administrative-gender)',
  filter: (value) => (r) => tokenMatches(value, [{ system: 'http://hl7.org/fhir/administrative-gender', code: (r as Json).gender as string | undefined }]),
};

function dateParam(paramName: string, documentation: string, target: (r: EhrResource) => Range | undefined): ParamImpl {
  return {
    name: paramName, type: 'date', documentation,
    filter: (value, where) => {
      const parsed = parseDateParam(value, where);
      return (r) => {
        const range = target(r);
        return range !== undefined && dateMatches(parsed, range);
      };
    },
  };
}

const birthdate = dateParam('birthdate', 'Patient.birthDate; prefixes eq ne gt lt ge le sa eb ap, e.g. ge1960-01-01', (r) => rangeOf(String((r as Json).birthDate ?? '')));

function observationRange(r: EhrResource): Range | undefined {
  const j = r as Json;
  if (typeof j.effectiveDateTime === 'string') return rangeOf(j.effectiveDateTime);
  const period = j.effectivePeriod as { start?: string; end?: string } | undefined;
  const start = period?.start ? rangeOf(period.start) : undefined;
  if (!start) return undefined;
  const end = period?.end ? rangeOf(period.end) : undefined;
  return { lo: start.lo, hi: end?.hi ?? Number.POSITIVE_INFINITY };
}

const observationConcepts = (r: EhrResource, which: 'category' | 'code') => {
  const j = r as Json;
  return codingsOf((which === 'category' ? j.category : [j.code]) as { coding?: Coding[] }[] | undefined);
};

const PARAMS: Record<EhrResourceType, readonly ParamImpl[]> = {
  Patient: [id, identifier, name, birthdate, gender],
  Condition: [patient],
  Observation: [
    patient,
    { name: 'category', type: 'token', documentation: 'laboratory, vital-signs, survey or imaging ([system]|[code] accepted)', filter: (value) => (r) => tokenMatches(value, observationConcepts(r, 'category')) },
    { name: 'code', type: 'token', documentation: '[system]|[code] or [code], e.g. http://loinc.org|4548-4', filter: (value) => (r) => tokenMatches(value, observationConcepts(r, 'code')) },
    dateParam('date', 'Observation.effective[x]; prefixes eq ne gt lt ge le sa eb ap, e.g. ge2026-01-01', observationRange),
  ],
  Procedure: [patient],
  MedicationRequest: [patient],
  Coverage: [patient],
  DocumentReference: [patient],
  Practitioner: [id, identifier],
  Organization: [id, identifier],
};

/** The declared search parameters per type (names, types, documentation: the CapabilityStatement's). */
export const SEARCH_PARAMS: Record<EhrResourceType, readonly SearchParamDoc[]> = Object.fromEntries(
  Object.entries(PARAMS).map(([type, list]) => [type, list.map(({ name: n, type: t, documentation }) => ({ name: n, type: t, documentation }))]),
) as unknown as Record<EhrResourceType, readonly SearchParamDoc[]>;

/** The resource types of the Patient compartment this EHR serves (`Patient/{id}/{type}`). */
export const COMPARTMENT_TYPES = ['Condition', 'Observation', 'Procedure', 'MedicationRequest', 'Coverage', 'DocumentReference'] as const satisfies readonly EhrResourceType[];

export interface SearchResult {
  readonly matches: EhrResource[];
  /** The search parameters that were applied (name as sent, with modifier, and value): the self link's. */
  readonly applied: [string, string][];
  /** Parameter names that were ignored (not declared for this type). */
  readonly ignored: string[];
}

/**
 * The matches of a search on `type`, in panel order. `controls` are the result and paging
 * parameters the caller handles (`_count`, `_summary`, …): neither filters nor ignored.
 */
export function search(type: EhrResourceType, pool: readonly EhrResource[], query: URLSearchParams, controls: readonly string[], strict = false): SearchResult {
  const params = PARAMS[type];
  const filters: Matcher[] = [];
  const applied: [string, string][] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  for (const [key, value] of query) {
    if (controls.includes(key)) continue;
    const [base = '', modifier] = key.split(':', 2) as [string, string | undefined];
    const impl = params.find((p) => p.name === base);
    const where = `${type}.${key}`;
    if (!impl) {
      if (strict) throw badRequest(`search parameter "${key}" is not supported on ${type} (Prefer: handling=strict): supported are ${params.map((p) => p.name).join(', ')}`, where);
      ignored.push(key);
      continue;
    }
    if (modifier !== undefined && !(impl.modifiers ?? []).includes(modifier)) {
      throw badRequest(`modifier :${modifier} is not supported on ${type}.${base}${impl.modifiers ? `: use ${impl.modifiers.map((m) => `:${m}`).join(' or ')}` : ''}`, where);
    }
    if (value === '') throw badRequest(`${key} is empty`, where);
    filters.push(impl.filter(value, where, modifier));
    applied.push([key, value]);
    seen.add(base);
  }
  const missing = params.find((p) => p.required && !seen.has(p.name));
  if (missing) throw badRequest(`${type} search requires the ${missing.name} parameter, e.g. ${type}?patient=Patient/pat-lumbar-meets`, `${type}.${missing.name}`);
  return { matches: pool.filter((r) => filters.every((f) => f(r))), applied, ignored };
}

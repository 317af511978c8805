/**
 * The FHIR search result parameters this simulator implements on its FHIR bases: `_summary`
 * (`count`, `data`, `false`) and `_elements` (top-level element names). A resource cut down by
 * `_elements` keeps its mandatory elements (R4 search.html#elements: servers SHOULD return
 * them) and is tagged SUBSETTED, so a client cannot mistake it for the whole resource.
 */
import { badRequest, outcome, OperationOutcomeError } from '../operation-outcome.js';

export type Summary = 'count' | 'data' | 'false';

/** The `_summary` values served; `true` and `text` need per-element summary flags we do not model. */
export const SUMMARY_VALUES: readonly Summary[] = ['count', 'data', 'false'];

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'subsetted' };

/** Elements with min ≥ 1 in the R4 base resources (per resource type), kept whatever `_elements` says. */
const MANDATORY: Record<string, readonly string[]> = {
  Observation: ['status', 'code'],
  Condition: ['subject'],
  Procedure: ['status', 'subject'],
  MedicationRequest: ['status', 'intent', 'medicationCodeableConcept', 'medicationReference', 'subject'],
  Coverage: ['status', 'beneficiary', 'payor'],
  DocumentReference: ['status', 'content'],
  Claim: ['status', 'type', 'use', 'patient', 'created', 'provider', 'priority', 'insurance'],
  ClaimResponse: ['status', 'type', 'use', 'patient', 'created', 'insurer', 'outcome'],
  Subscription: ['status', 'reason', 'criteria', 'channel'],
  Questionnaire: ['status'],
  QuestionnaireResponse: ['status'],
};

function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw badRequest(`${name} is repeated: give it once`, name);
  return values[0];
}

/** `_summary` from the query: undefined when absent; 400 on a value this server does not serve. */
export function readSummary(query: URLSearchParams): Summary | undefined {
  const raw = single(query, '_summary');
  if (raw === undefined) return undefined;
  if ((SUMMARY_VALUES as readonly string[]).includes(raw)) return raw as Summary;
  throw new OperationOutcomeError(
    outcome('not-supported', `_summary=${raw} is not supported: this server serves _summary=${SUMMARY_VALUES.join(', ')}`, ['_summary']),
    400,
  );
}

/** `_elements` from the query as a set of element names, or undefined when absent. */
export function readElements(query: URLSearchParams): Set<string> | undefined {
  const raw = single(query, '_elements');
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((n) => n.trim()).filter(Boolean)
    // `Patient.name` is allowed too; only top-level elements are selected
    .map((n) => n.slice(n.indexOf('.') + 1));
  if (names.length === 0) throw badRequest('_elements is empty: give a comma list of element names, e.g. _elements=name,birthDate', '_elements');
  return new Set(names);
}

/** `resource` after `_summary=data` / `_elements`; the original is never mutated. */
export function shapeResource<T extends { resourceType: string }>(resource: T, summary: Summary | undefined, elements: Set<string> | undefined): T {
  if (!elements && summary !== 'data') return resource;
  const src = resource as Record<string, unknown>;
  const keep = (key: string) => {
    if (['resourceType', 'id', 'meta'].includes(key)) return true;
    if (summary === 'data' && key === 'text') return false;
    if (!elements) return true;
    return elements.has(key) || (MANDATORY[resource.resourceType] ?? []).includes(key);
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(src)) if (keep(key)) out[key] = value;
  const meta = (src.meta ?? {}) as { tag?: unknown[] };
  out.meta = { ...meta, tag: [...(meta.tag ?? []), SUBSETTED] };
  return out as T;
}

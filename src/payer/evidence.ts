/**
 * Reading clinical evidence out of submitted FHIR resources: their codes, dates and values.
 * Resources arrive as loose JSON (whatever the EHR produced), so every accessor is defensive
 * and answers `undefined` rather than throwing.
 */
import type { Coding, Resource } from '../contracts/fhir-base.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const codings = (cc: unknown): Coding[] => {
  const list = obj(cc)?.coding;
  return Array.isArray(list) ? (list.filter((c) => obj(c)) as Coding[]) : [];
};
const time = (v: unknown): number | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
  return Number.isNaN(t) ? undefined : t;
};
export const DAY_MS = 86_400_000;

/** The evidence a claim carries: the resources it attached and every diagnosis code it states. */
export interface Evidence {
  readonly resources: readonly Resource[];
  readonly diagnoses: readonly Coding[];
  /** The decision instant (epoch ms) that `withinDays` windows count back from. */
  readonly now: number;
  /** The DTR Questionnaire version the payer publishes at that instant (a response to another is stale). */
  readonly questionnaireVersion?: string;
}

/** The codes that identify what a resource is about (Condition.code, DocumentReference.type, …). */
export function resourceCodings(r: Resource): Coding[] {
  const j = r as Json;
  switch (r.resourceType) {
    case 'MedicationRequest':
    case 'MedicationStatement':
      return codings(j.medicationCodeableConcept);
    case 'DocumentReference':
      return codings(j.type);
    default:
      return codings(j.code);
  }
}

export const hasCode = (list: readonly Coding[], system: string, code: string) =>
  list.some((c) => c.system === system && c.code === code);

/** Diagnosis codes from Claim.diagnosis and from attached Condition resources. */
export function diagnosisCodes(ev: Evidence): Coding[] {
  const fromConditions = ev.resources.filter((r) => r.resourceType === 'Condition').flatMap(resourceCodings);
  return [...ev.diagnoses, ...fromConditions];
}

/** The clinically relevant instant of an Observation. */
export function observationTime(r: Resource): number | undefined {
  const j = r as Json;
  return time(j.effectiveDateTime) ?? time(obj(j.effectivePeriod)?.end) ?? time(obj(j.effectivePeriod)?.start) ?? time(j.issued);
}

/** An Observation's numeric value with its unit: valueQuantity or valueInteger. */
export function observationValue(r: Resource): { value: number; unit?: string } | undefined {
  const j = r as Json;
  const q = obj(j.valueQuantity);
  if (q && typeof q.value === 'number') return { value: q.value, unit: (q.code ?? q.unit) as string | undefined };
  if (typeof j.valueInteger === 'number') return { value: j.valueInteger };
  return undefined;
}

/**
 * The period a therapy resource covers, per the convention documented on TherapyDurationCriterionSchema.
 * An active MedicationRequest with neither a validity period nor a supply duration is ongoing: it
 * counts until `asOf` (the adjudication time).
 */
export function therapySpan(r: Resource, asOf: number): { start: number; end: number } | undefined {
  const j = r as Json;
  const period = (p: unknown) => {
    const start = time(obj(p)?.start);
    if (start === undefined) return undefined;
    return { start, end: time(obj(p)?.end) ?? start };
  };
  if (r.resourceType === 'Procedure') {
    const at = time(j.performedDateTime);
    return period(j.performedPeriod) ?? (at === undefined ? undefined : { start: at, end: at });
  }
  if (r.resourceType === 'MedicationStatement') return period(j.effectivePeriod);
  if (r.resourceType === 'MedicationRequest') {
    const dispense = obj(j.dispenseRequest);
    const validity = period(dispense?.validityPeriod);
    if (validity) return validity;
    const authored = time(j.authoredOn);
    if (authored === undefined) return undefined;
    const supply = obj(dispense?.expectedSupplyDuration);
    const unit = String(supply?.code ?? supply?.unit ?? 'd');
    if (typeof supply?.value === 'number' && ['d', 'day', 'days'].includes(unit)) return { start: authored, end: authored + supply.value * DAY_MS };
    return { start: authored, end: j.status === 'active' ? Math.max(authored, asOf) : authored };
  }
  return undefined;
}

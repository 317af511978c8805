/**
 * Small pure helpers that build FHIR R4 datatypes the way every chart needs them: codings
 * with exact code-system URIs, references, UCUM quantities, instants without milliseconds,
 * and the category codings of US Core.
 */
import { CodeSystems, type CodeableConcept, type Reference } from '../contracts/fhir-base.js';

export const DAY_MS = 86_400_000;
export const MRN_SYSTEM = 'http://prior-auth-sim.dev/ehr/mrn';
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
export const MEMBER_ID_SYSTEM = 'http://prior-auth-sim.dev/payer/member-id';

export interface Code {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

/** A CodeableConcept with one coding and its display as text. */
export function concept(c: Code): CodeableConcept {
  return { coding: [{ system: c.system, code: c.code, display: c.display }], text: c.display };
}

export function ref(type: string, id: string, display?: string): Reference {
  return display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` };
}

/** A FHIR instant (UTC, whole seconds): `2026-01-05T09:00:00Z`. */
export function instant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A FHIR date in UTC: `2026-01-05`. */
export function fhirDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A UCUM valueQuantity; `unit` is both the human unit and the UCUM code. */
export function ucum(value: number, unit: string) {
  return { value, unit, system: CodeSystems.ucum, code: unit };
}

export type ObservationCategory = 'laboratory' | 'vital-signs' | 'survey' | 'imaging';

export function observationCategory(code: ObservationCategory): CodeableConcept {
  const display = { laboratory: 'Laboratory', 'vital-signs': 'Vital Signs', survey: 'Survey', imaging: 'Imaging' }[code];
  return { coding: [{ system: CodeSystems.observationCategory, code, display }], text: display };
}

export type ConditionCategory = 'problem-list-item' | 'encounter-diagnosis';

export function conditionCategory(code: ConditionCategory): CodeableConcept {
  const display = code === 'problem-list-item' ? 'Problem List Item' : 'Encounter Diagnosis';
  return { coding: [{ system: CodeSystems.conditionCategory, code, display }], text: display };
}

export const CLINICAL_NOTE_CATEGORY: CodeableConcept = {
  coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' }],
  text: 'Clinical Note',
};

export const CONDITION_ACTIVE: CodeableConcept = {
  coding: [{ system: CodeSystems.conditionClinical, code: 'active', display: 'Active' }],
};
export const CONDITION_CONFIRMED: CodeableConcept = {
  coding: [{ system: CodeSystems.conditionVerification, code: 'confirmed', display: 'Confirmed' }],
};
export const CONDITION_PROVISIONAL: CodeableConcept = {
  coding: [{ system: CodeSystems.conditionVerification, code: 'provisional', display: 'Provisional' }],
};

/** A 10-digit NPI whose last digit is the Luhn check digit over `80840` + the first nine. */
export function npi(first9: string): string {
  const digits = `80840${first9}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits[i]!;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${first9}${(10 - (sum % 10)) % 10}`;
}

/** Base64 of UTF-8 text, for Attachment.data. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf-8').toString('base64');
}

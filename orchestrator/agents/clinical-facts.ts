/**
 * `ClinicalFacts`: what the clinical-extraction agent hands to every later stage — a compact,
 * JSON-serialisable summary of one patient's chart (checkpointed by the workflow, read by the
 * other agents and by an LLM one day) plus the raw FHIR resources the PAS Bundle is built from.
 * Lists are sorted (by date, then id) so the same chart always yields the same facts.
 */
import type {
  Coverage, EhrResource, Organization, Patient, Practitioner,
} from '../../src/contracts/ehr.js';

/** A coded chart entry: which resource, and its primary code. */
export interface CodedFact {
  readonly id: string;
  readonly resourceType: string;
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface DiagnosisFact extends CodedFact {
  readonly onset?: string;
  readonly clinicalStatus?: string;
  readonly verificationStatus?: string;
}

export interface ObservationFact extends CodedFact {
  readonly date: string;
  readonly value?: number;
  readonly unit?: string;
  readonly category?: string;
}

/** A Procedure or MedicationRequest as a period of therapy. */
export interface TherapyFact extends CodedFact {
  readonly kind: 'procedure' | 'medication';
  readonly status: string;
  readonly start?: string;
  /** Documented end; absent for a single dated event or an open prescription. */
  readonly end?: string;
  /** An active prescription: the therapy continues up to `ClinicalFacts.asOf`. */
  readonly ongoing: boolean;
  readonly authoredOn?: string;
  readonly dosage?: string;
}

export interface DocumentFact extends CodedFact {
  readonly date: string;
  readonly title?: string;
  /** The note text (plain-text attachments only), for agents that read notes. */
  readonly text?: string;
}

export interface ClinicalFacts {
  readonly patientId: string;
  readonly procedureCode: string;
  /** The instant windows ("within 180 days") and open therapies count to. */
  readonly asOf: string;
  /** Absolute FHIR base of the EHR the facts came from (fullUrl prefix). */
  readonly source: string;
  readonly patient: { readonly id: string; readonly gender: string; readonly birthDate: string };
  readonly diagnoses: readonly DiagnosisFact[];
  readonly observations: readonly ObservationFact[];
  readonly therapies: readonly TherapyFact[];
  readonly documents: readonly DocumentFact[];
  readonly coverage?: {
    readonly id: string; readonly status: string; readonly subscriberId: string;
    /** `Organization/org-payer`. */
    readonly payer: string; readonly payerName?: string;
  };
  readonly practitioner?: { readonly id: string; readonly name: string; readonly npi?: string };
  /** Raw resources for the PAS Bundle: evidence = every clinical resource summarised above. */
  readonly resources: {
    readonly patient: Patient;
    readonly coverage?: Coverage;
    readonly practitioners: readonly Practitioner[];
    readonly organizations: readonly Organization[];
    readonly evidence: readonly EhrResource[];
  };
}

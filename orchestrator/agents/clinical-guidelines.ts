/**
 * The clinical guidelines the medical-necessity agent applies (DOMAIN.md "Clinical criteria"),
 * written as criteria-as-data so they share one interpreter with payer policies. They are the
 * ordering physician's view — close to, but independent of, any payer's policy: no document
 * requirements, no look-back windows except where the guideline itself has one.
 * Synthetic, simplified guidelines for simulation only.
 */
import { DiagnosisCodes, MedicationCodes, ObservationCodes, ProcedureCodes, TherapyCodes } from '../../src/contracts/clinical-codes.js';
import { CodeSystems } from '../../src/contracts/fhir-base.js';
import type { Criterion } from '../../src/contracts/policy.js';

export interface ClinicalGuideline {
  readonly name: string;
  /** ICD-10-CM prefixes of the indication: the Claim's primary diagnosis is chosen among them. */
  readonly indication: readonly string[];
  readonly criteria: readonly Criterion[];
}

const icd10 = CodeSystems.icd10cm;
const code = ({ system, code, display }: { system: string; code: string; display: string }) => ({ system, code, display });
const obs = (o: (typeof ObservationCodes)[keyof typeof ObservationCodes]) => ({ system: o.system, code: o.code, unit: o.unit });
const NSAIDS = [code(MedicationCodes.naproxen), code(MedicationCodes.ibuprofen)];
const RED_FLAGS = [DiagnosisCodes.caudaEquina.code, 'C79.51', 'M46.2', 'M46.3', 'M46.4'];

export const CLINICAL_GUIDELINES: Readonly<Record<string, ClinicalGuideline>> = {
  [ProcedureCodes.lumbarMri.code]: {
    name: 'Low back pain imaging (ACR Appropriateness Criteria, simplified): MRI after 6 weeks of failed conservative therapy, at once with red flags',
    indication: ['M54.5', ...RED_FLAGS],
    criteria: [
      { id: 'low-back-pain', kind: 'diagnosis', system: icd10, prefixes: ['M54.5', ...RED_FLAGS], description: 'Low back pain (M54.5x) or a red-flag condition' },
      { id: 'red-flags', kind: 'red-flag-bypass', system: icd10, prefixes: RED_FLAGS, bypasses: ['conservative-therapy'], description: 'Red flags (cauda equina, malignancy, infection) warrant imaging at once' },
      { id: 'conservative-therapy', kind: 'therapy-duration', resourceTypes: ['Procedure', 'MedicationRequest', 'MedicationStatement'], codes: [code(TherapyCodes.physicalTherapy), ...NSAIDS], minDays: 42, description: 'At least 6 weeks of physical therapy and/or NSAIDs' },
    ],
  },
  [ProcedureCodes.totalKnee.code]: {
    name: 'Total knee arthroplasty for osteoarthritis (AAOS guideline, simplified)',
    indication: ['M17'],
    criteria: [
      { id: 'knee-osteoarthritis', kind: 'diagnosis', system: icd10, prefixes: ['M17'], description: 'Primary knee osteoarthritis (M17.x)' },
      { id: 'advanced-imaging', kind: 'observation-threshold', ...obs(ObservationCodes.kellgrenLawrence), comparator: '>=', value: 3, description: 'Advanced disease on imaging (Kellgren-Lawrence 3–4)' },
      { id: 'failed-conservative-care', kind: 'therapy-duration', resourceTypes: ['Procedure', 'MedicationRequest', 'MedicationStatement'], codes: [code(TherapyCodes.physicalTherapy), code(TherapyCodes.kneeInjection), ...NSAIDS], minDays: 90, description: 'At least 3 months of failed conservative care' },
      { id: 'functional-limitation', kind: 'observation-threshold', ...obs(ObservationCodes.functionalLimitation), comparator: '>=', value: 1, description: 'Functional limitation of daily activities' },
      { id: 'bmi-ceiling', kind: 'observation-threshold', ...obs(ObservationCodes.bmi), comparator: '<', value: 40, description: 'BMI under 40 kg/m2 (surgical risk)' },
    ],
  },
  [ProcedureCodes.polysomnography.code]: {
    name: 'Attended polysomnography for suspected OSA (AASM guideline, simplified)',
    indication: [DiagnosisCodes.sleepApnea.code],
    criteria: [
      { id: 'suspected-osa', kind: 'diagnosis', system: icd10, prefixes: [DiagnosisCodes.sleepApnea.code], description: 'Suspected obstructive sleep apnea (G47.33)' },
      {
        id: 'positive-screen', kind: 'any-of', description: 'STOP-BANG ≥ 3 or Epworth > 10',
        criteria: [
          { id: 'stop-bang', kind: 'observation-threshold', ...obs(ObservationCodes.stopBang), comparator: '>=', value: 3, description: 'STOP-BANG ≥ 3' },
          { id: 'epworth', kind: 'observation-threshold', ...obs(ObservationCodes.epworth), comparator: '>', value: 10, description: 'Epworth > 10' },
        ],
      },
      { id: 'home-test-unsuitable', kind: 'diagnosis', system: icd10, prefixes: ['J44', 'I50'], description: 'Comorbidity making home testing unsuitable (COPD, heart failure)' },
    ],
  },
  [ProcedureCodes.semaglutide.code]: {
    name: 'GLP-1 receptor agonist for type 2 diabetes (ADA Standards of Care, simplified)',
    indication: ['E11'],
    criteria: [
      { id: 'type-2-diabetes', kind: 'diagnosis', system: icd10, prefixes: ['E11'], description: 'Type 2 diabetes (E11.x)' },
      { id: 'above-target', kind: 'observation-threshold', ...obs(ObservationCodes.hba1c), comparator: '>=', value: 7, withinDays: 180, description: 'HbA1c ≥ 7 % within 6 months' },
      { id: 'metformin-trial', kind: 'therapy-duration', resourceTypes: ['MedicationRequest', 'MedicationStatement'], codes: [code(MedicationCodes.metformin)], minDays: 90, description: 'At least 3 months of metformin' },
    ],
  },
};

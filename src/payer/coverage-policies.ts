/**
 * The payer's coverage policies (DOMAIN.md "Clinical criteria"), as data: the evaluator applies
 * them to submitted evidence and `GET /payer/policies/{code}` serves them to clients.
 * Synthetic, simplified policies for simulation only.
 */
import { CodeSystems } from '../contracts/fhir-base.js';
import {
  DiagnosisCodes, DocumentTypes, MedicationCodes, ObservationCodes, ProcedureCodes, TherapyCodes,
} from '../contracts/clinical-codes.js';
import { CoveragePolicySchema, type CoveragePolicy } from '../contracts/policy.js';

const icd10 = CodeSystems.icd10cm;
const turnaround = { standardDays: 7, expeditedHours: 72 };
const prefix = (code: string, len: number) => code.slice(0, len);
const ref = ({ system, code, display }: { system: string; code: string; display: string }) => ({ system, code, display });

const lumbarMri: CoveragePolicy = {
  ...ref(ProcedureCodes.lumbarMri),
  requiresPriorAuth: true,
  summary: 'Lumbar spine MRI for low back pain after 6 weeks of failed conservative therapy, or at once with red flags.',
  criteria: [
    { id: 'low-back-pain-diagnosis', kind: 'diagnosis', system: icd10, prefixes: ['M54.5', DiagnosisCodes.caudaEquina.code, 'C79.51', 'M46.2', 'M46.3', 'M46.4'], description: 'A diagnosis of low back pain (ICD-10-CM M54.5x) or of a red-flag condition' },
    { id: 'red-flags', kind: 'red-flag-bypass', system: icd10, prefixes: [DiagnosisCodes.caudaEquina.code, 'C79.51', 'M46.2', 'M46.3', 'M46.4'], bypasses: ['conservative-therapy-6-weeks'], description: 'Red flags (cauda equina syndrome, suspected cancer or spinal infection) waive the conservative-therapy requirement' },
    {
      id: 'conservative-therapy-6-weeks', kind: 'therapy-duration', resourceTypes: ['Procedure', 'MedicationRequest', 'MedicationStatement'],
      codes: [ref(TherapyCodes.physicalTherapy), ref(MedicationCodes.naproxen), ref(MedicationCodes.ibuprofen)], minDays: 42,
      description: 'At least 6 weeks (42 days) of documented conservative therapy: physical therapy (CPT 97110) and/or NSAIDs (naproxen, ibuprofen)',
    },
  ],
  requiredDocuments: [{ ...ref(DocumentTypes.progressNote), description: 'Progress note documenting the course of conservative therapy', waivedBy: ['red-flags'] }],
  turnaround,
  maxUnits: 1,
};

const totalKnee: CoveragePolicy = {
  ...ref(ProcedureCodes.totalKnee),
  requiresPriorAuth: true,
  summary: 'Total knee arthroplasty for advanced primary osteoarthritis after 3 months of failed conservative care, with functional limitation and BMI under 40.',
  criteria: [
    { id: 'knee-osteoarthritis-diagnosis', kind: 'diagnosis', system: icd10, prefixes: [prefix(DiagnosisCodes.kneeOaRight.code, 3)], description: 'A diagnosis of primary osteoarthritis of the knee (ICD-10-CM M17.x)' },
    { id: 'advanced-disease-on-imaging', kind: 'observation-threshold', ...ref(ObservationCodes.kellgrenLawrence), comparator: '>=', value: 3, unit: ObservationCodes.kellgrenLawrence.unit, withinDays: 365, description: 'Imaging within 12 months showing advanced disease: Kellgren-Lawrence grade 3 or 4' },
    {
      id: 'conservative-care-3-months', kind: 'therapy-duration', resourceTypes: ['Procedure', 'MedicationRequest', 'MedicationStatement'],
      codes: [ref(TherapyCodes.physicalTherapy), ref(TherapyCodes.kneeInjection), ref(MedicationCodes.naproxen), ref(MedicationCodes.ibuprofen)], minDays: 90,
      description: 'At least 3 months (90 days) of failed conservative care: physical therapy, joint injections and/or NSAIDs',
    },
    { id: 'functional-limitation', kind: 'observation-threshold', ...ref(ObservationCodes.functionalLimitation), comparator: '>=', value: 1, unit: ObservationCodes.functionalLimitation.unit, withinDays: 180, description: 'Documented functional limitation of daily activities within 6 months (score ≥ 1; 0 means none)' },
    { id: 'bmi-under-40', kind: 'observation-threshold', ...ref(ObservationCodes.bmi), comparator: '<', value: 40, unit: ObservationCodes.bmi.unit, withinDays: 180, description: 'Body mass index under 40 kg/m2 measured within 6 months' },
  ],
  requiredDocuments: [{ ...ref(DocumentTypes.imagingReport), description: 'Radiology report of the knee showing the disease grade' }],
  turnaround,
  maxUnits: 1,
};

const polysomnography: CoveragePolicy = {
  ...ref(ProcedureCodes.polysomnography),
  requiresPriorAuth: true,
  summary: 'Attended polysomnography for suspected obstructive sleep apnea with a positive screening score when home testing is unsuitable.',
  criteria: [
    { id: 'sleep-apnea-diagnosis', kind: 'diagnosis', system: icd10, prefixes: [DiagnosisCodes.sleepApnea.code], description: 'A diagnosis of (suspected) obstructive sleep apnea (ICD-10-CM G47.33)' },
    {
      id: 'positive-screening-score', kind: 'any-of', description: 'A validated screening score: STOP-BANG ≥ 3 or Epworth Sleepiness Scale > 10',
      criteria: [
        { id: 'stop-bang-3', kind: 'observation-threshold', ...ref(ObservationCodes.stopBang), comparator: '>=', value: 3, unit: ObservationCodes.stopBang.unit, withinDays: 365, description: 'STOP-BANG total score of at least 3' },
        { id: 'epworth-over-10', kind: 'observation-threshold', ...ref(ObservationCodes.epworth), comparator: '>', value: 10, unit: ObservationCodes.epworth.unit, withinDays: 365, description: 'Epworth Sleepiness Scale total above 10' },
      ],
    },
    { id: 'home-testing-unsuitable', kind: 'diagnosis', system: icd10, prefixes: [prefix(DiagnosisCodes.copd.code, 3), prefix(DiagnosisCodes.heartFailure.code, 3)], description: 'A comorbidity that makes home sleep apnea testing unsuitable: COPD (J44.x) or heart failure (I50.x)' },
  ],
  requiredDocuments: [{ ...ref(DocumentTypes.sleepStudyReferral), description: 'Referral note stating why an attended study is needed' }],
  turnaround,
  maxUnits: 1,
};

const semaglutide: CoveragePolicy = {
  ...ref(ProcedureCodes.semaglutide),
  requiresPriorAuth: true,
  summary: 'Semaglutide (GLP-1 agonist) for type 2 diabetes with HbA1c ≥ 7% despite a documented metformin trial.',
  criteria: [
    { id: 'type-2-diabetes-diagnosis', kind: 'diagnosis', system: icd10, prefixes: [prefix(DiagnosisCodes.type2Diabetes.code, 3)], description: 'A diagnosis of type 2 diabetes mellitus (ICD-10-CM E11.x)' },
    { id: 'hba1c-7-percent', kind: 'observation-threshold', ...ref(ObservationCodes.hba1c), comparator: '>=', value: 7, unit: ObservationCodes.hba1c.unit, withinDays: 180, description: 'HbA1c (LOINC 4548-4) of at least 7% measured within 6 months' },
    { id: 'metformin-trial-3-months', kind: 'therapy-duration', resourceTypes: ['MedicationRequest', 'MedicationStatement'], codes: [ref(MedicationCodes.metformin)], minDays: 90, description: 'A documented metformin trial of at least 3 months (90 days)' },
  ],
  requiredDocuments: [],
  turnaround,
  maxUnits: 4,
};

/** Policies by procedure code, validated once at load so a typo fails loudly in tests. */
export const COVERAGE_POLICIES: ReadonlyMap<string, CoveragePolicy> = new Map(
  [lumbarMri, totalKnee, polysomnography, semaglutide].map((p) => [p.code, CoveragePolicySchema.parse(p)]),
);

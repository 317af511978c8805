/**
 * The clinical vocabulary shared by the EHR's synthetic charts, the payer's coverage policies
 * and the orchestrator's agents: the procedures that need prior authorization here and the
 * codes of the evidence that supports them. Synthetic data only; codes are real code-system
 * codes where we are sure of them, and `LOCAL` codes (clearly ours) where no standard code fits.
 */
import { CodeSystems } from './fhir-base.js';

/** Our own code system for findings without a standard code we could rely on. */
export const LOCAL_FINDINGS = 'http://prior-auth-sim.dev/CodeSystem/clinical-findings';

export const ProcedureCodes = {
  lumbarMri: { system: CodeSystems.cpt, code: '72148', display: 'MRI lumbar spine without contrast' },
  totalKnee: { system: CodeSystems.cpt, code: '27447', display: 'Total knee arthroplasty' },
  polysomnography: { system: CodeSystems.cpt, code: '95810', display: 'Polysomnography, attended, 6+ hours' },
  semaglutide: { system: CodeSystems.rxnorm, code: '1991302', display: 'semaglutide injectable (GLP-1 agonist)' },
} as const;
export type ProcedureKey = keyof typeof ProcedureCodes;

export const DiagnosisCodes = {
  lowBackPain: { system: CodeSystems.icd10cm, code: 'M54.50', display: 'Low back pain, unspecified' },
  caudaEquina: { system: CodeSystems.icd10cm, code: 'G83.4', display: 'Cauda equina syndrome' },
  kneeOaRight: { system: CodeSystems.icd10cm, code: 'M17.11', display: 'Unilateral primary osteoarthritis, right knee' },
  kneeOaLeft: { system: CodeSystems.icd10cm, code: 'M17.12', display: 'Unilateral primary osteoarthritis, left knee' },
  sleepApnea: { system: CodeSystems.icd10cm, code: 'G47.33', display: 'Obstructive sleep apnea (adult) (pediatric)' },
  copd: { system: CodeSystems.icd10cm, code: 'J44.9', display: 'Chronic obstructive pulmonary disease, unspecified' },
  heartFailure: { system: CodeSystems.icd10cm, code: 'I50.9', display: 'Heart failure, unspecified' },
  type2Diabetes: { system: CodeSystems.icd10cm, code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  type2DiabetesHyperglycemia: { system: CodeSystems.icd10cm, code: 'E11.65', display: 'Type 2 diabetes mellitus with hyperglycemia' },
  obesity: { system: CodeSystems.icd10cm, code: 'E66.9', display: 'Obesity, unspecified' },
} as const;

export const ObservationCodes = {
  hba1c: { system: CodeSystems.loinc, code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%' },
  bmi: { system: CodeSystems.loinc, code: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2' },
  bodyWeight: { system: CodeSystems.loinc, code: '29463-7', display: 'Body weight', unit: 'kg' },
  epworth: { system: LOCAL_FINDINGS, code: 'epworth-total', display: 'Epworth Sleepiness Scale total score', unit: '{score}' },
  stopBang: { system: LOCAL_FINDINGS, code: 'stop-bang-total', display: 'STOP-BANG total score', unit: '{score}' },
  kellgrenLawrence: { system: LOCAL_FINDINGS, code: 'kellgren-lawrence-grade', display: 'Kellgren-Lawrence radiographic grade', unit: '{grade}' },
  functionalLimitation: { system: LOCAL_FINDINGS, code: 'functional-limitation', display: 'Functional limitation of daily activities', unit: '{score}' },
} as const;

export const TherapyCodes = {
  physicalTherapy: { system: CodeSystems.cpt, code: '97110', display: 'Therapeutic exercises (physical therapy)' },
  kneeInjection: { system: CodeSystems.cpt, code: '20610', display: 'Arthrocentesis/injection, major joint' },
} as const;

export const MedicationCodes = {
  naproxen: { system: CodeSystems.rxnorm, code: '198013', display: 'naproxen 500 MG Oral Tablet' },
  ibuprofen: { system: CodeSystems.rxnorm, code: '197806', display: 'ibuprofen 600 MG Oral Tablet' },
  metformin: { system: CodeSystems.rxnorm, code: '861007', display: 'metformin hydrochloride 500 MG Oral Tablet' },
} as const;

/** LOINC document types of the clinical notes (DocumentReference.type). */
export const DocumentTypes = {
  progressNote: { system: CodeSystems.loinc, code: '11506-3', display: 'Progress note' },
  consultNote: { system: CodeSystems.loinc, code: '11488-4', display: 'Consult note' },
  imagingReport: { system: CodeSystems.loinc, code: '18748-4', display: 'Diagnostic imaging study' },
  sleepStudyReferral: { system: CodeSystems.loinc, code: '57133-1', display: 'Referral note' },
} as const;

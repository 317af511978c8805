/**
 * The personas of the EHR's synthetic panel, by stable id: what each chart is for. A contract,
 * not EHR internals: payers, scenarios, the orchestrator's tests and any client refer to
 * patients by these ids; the charts themselves (names, dates, addresses) vary with the seed,
 * but what they prove or fail to prove does not.
 *
 * Criteria (DOMAIN.md "Clinical criteria"), as the charts encode them:
 * - lumbarMri: M54.5x, physical therapy (CPT 97110) whose performedPeriod spans ≥ 42 days and an
 *   NSAID MedicationRequest — unless a red flag (cauda equina G83.4).
 * - totalKnee: M17.x; Kellgren-Lawrence grade ≥ 3 plus an imaging-report DocumentReference;
 *   PT, NSAID and a joint injection (CPT 20610) starting ≥ 90 days ago; a functional-limitation
 *   score ≥ 5 (0–10); latest BMI (LOINC 39156-5) < 40.
 * - polysomnography: G47.33; STOP-BANG ≥ 3 or Epworth > 10; COPD (J44.9) or heart failure (I50.9)
 *   making home testing unsuitable.
 * - semaglutide: E11.x; latest HbA1c (LOINC 4548-4) ≥ 7 % and a metformin MedicationRequest
 *   authored ≥ 90 days ago.
 */
import type { ProcedureKey } from './clinical-codes.js';

export type PersonaExpectation = 'meets' | 'fails' | 'missing-documentation';

export interface Persona {
  /** The Patient id, stable across seeds. */
  readonly id: string;
  readonly procedure: ProcedureKey;
  readonly expectation: PersonaExpectation;
  /** The criterion this persona is about: `all` for personas that meet every criterion. */
  readonly criterion: string;
  /** Patient.meta.tag code in {@link PERSONA_TAG_SYSTEM}. */
  readonly tag: string;
  readonly summary: string;
}

export const PERSONA_TAG_SYSTEM = 'http://prior-auth-sim.dev/CodeSystem/persona';

const p = <I extends string>(id: I, procedure: ProcedureKey, expectation: PersonaExpectation, criterion: string, tag: string, summary: string) =>
  ({ id, procedure, expectation, criterion, tag, summary }) satisfies Persona;

export const PERSONAS = [
  p('pat-lumbar-meets', 'lumbarMri', 'meets', 'all', 'lumbar-mri-meets', '8 weeks of physical therapy and naproxen without relief'),
  p('pat-lumbar-red-flag', 'lumbarMri', 'meets', 'red-flag', 'lumbar-mri-meets-red-flag', 'cauda equina syndrome: imaging without conservative therapy'),
  p('pat-lumbar-fails', 'lumbarMri', 'fails', 'conservative-therapy-duration', 'lumbar-mri-fails-conservative-therapy', 'only 3 weeks of physical therapy'),
  p('pat-lumbar-missing', 'lumbarMri', 'missing-documentation', 'physical-therapy-record', 'lumbar-mri-missing-pt-record', 'note mentions outside physical therapy; no record of it'),
  p('pat-knee-meets', 'totalKnee', 'meets', 'all', 'total-knee-meets', 'KL grade 4, failed PT/NSAID/injection, BMI under 40'),
  p('pat-knee-fails', 'totalKnee', 'fails', 'bmi', 'total-knee-fails-bmi', 'BMI above 40'),
  p('pat-knee-missing', 'totalKnee', 'missing-documentation', 'imaging-report', 'total-knee-missing-imaging-report', 'outside X-rays mentioned; no imaging report or grade'),
  p('pat-sleep-meets', 'polysomnography', 'meets', 'all', 'polysomnography-meets', 'STOP-BANG 6, Epworth 14, COPD'),
  p('pat-sleep-fails', 'polysomnography', 'fails', 'screening-score', 'polysomnography-fails-screening-score', 'STOP-BANG 2, Epworth 7'),
  p('pat-sleep-missing', 'polysomnography', 'missing-documentation', 'screening-score-record', 'polysomnography-missing-screening-score', 'questionnaires mentioned; no scores recorded'),
  p('pat-glp1-meets', 'semaglutide', 'meets', 'all', 'semaglutide-meets', 'HbA1c 8.4 % after 7 months of metformin'),
  p('pat-glp1-fails', 'semaglutide', 'fails', 'hba1c-threshold', 'semaglutide-fails-hba1c', 'HbA1c 6.6 % on metformin'),
  p('pat-glp1-missing', 'semaglutide', 'missing-documentation', 'metformin-trial-record', 'semaglutide-missing-metformin-record', 'metformin reported by the patient; no prescription on file'),
] as const satisfies readonly Persona[];

export type PersonaId = (typeof PERSONAS)[number]['id'];

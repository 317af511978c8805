/**
 * Total knee arthroplasty (CPT 27447) charts: advanced osteoarthritis after failed conservative
 * care, the same with a BMI over the ceiling, and a chart whose imaging was never received.
 */
import { DiagnosisCodes, DocumentTypes, MedicationCodes, ObservationCodes, TherapyCodes } from '../../contracts/clinical-codes.js';
import type { ChartBuilder } from '../chart-builder.js';
import { intro, type ChartRecipes } from './recipe.js';

/** Conservative care common to every knee chart: > 3 months of PT, NSAID and an injection. */
function conservativeCare(c: ChartBuilder) {
  c.condition(DiagnosisCodes.kneeOaRight, 700);
  c.medication(MedicationCodes.naproxen, 200, 'Naproxen 500 mg by mouth twice daily with food');
  c.procedure(TherapyCodes.physicalTherapy, 180, 120);
  c.procedure(TherapyCodes.kneeInjection, 100, 100);
  c.observation(ObservationCodes.functionalLimitation, 7, 20, 'survey');
}

function imaging(c: ChartBuilder) {
  c.observation(ObservationCodes.kellgrenLawrence, 4, 30, 'imaging');
  c.note(DocumentTypes.imagingReport, 30, 'XR right knee, 3 views',
    'XR RIGHT KNEE, 3 VIEWS. Findings: severe medial joint space narrowing with bone-on-bone contact, ' +
    'subchondral sclerosis and large marginal osteophytes. Impression: advanced primary osteoarthritis of the right knee, ' +
    'Kellgren-Lawrence grade 4.');
}

function consult(c: ChartBuilder, bmi: number, imagingLine: string) {
  c.note(DocumentTypes.consultNote, 20, 'Orthopedic consultation, right knee',
    `${intro(c)} has right knee osteoarthritis with pain limiting walking to one block and stair climbing. ` +
    `Failed physical therapy from ${c.day(180)} to ${c.day(120)}, naproxen since ${c.day(200)} and a corticosteroid ` +
    `injection on ${c.day(100)}. Functional limitation score 7/10. BMI ${bmi} kg/m2. ${imagingLine} ` +
    'Plan: right total knee arthroplasty (CPT 27447).');
}

export const TOTAL_KNEE_CHARTS = {
  'pat-knee-meets': (c) => {
    conservativeCare(c);
    c.observation(ObservationCodes.bmi, 32.4, 20, 'vital-signs');
    imaging(c);
    consult(c, 32.4, 'Radiographs show Kellgren-Lawrence grade 4 disease.');
  },
  'pat-knee-fails': (c) => {
    conservativeCare(c);
    c.condition(DiagnosisCodes.obesity, 900);
    c.observation(ObservationCodes.bmi, 43.1, 20, 'vital-signs');
    imaging(c);
    consult(c, 43.1, 'Radiographs show Kellgren-Lawrence grade 4 disease.');
  },
  'pat-knee-missing': (c) => {
    conservativeCare(c);
    c.observation(ObservationCodes.bmi, 31.2, 20, 'vital-signs');
    consult(c, 31.2, 'Reports knee X-rays at an outside facility described as "bone on bone"; the images and report have not been received.');
  },
} satisfies ChartRecipes;

/**
 * Semaglutide (GLP-1 agonist) charts: type 2 diabetes above target despite metformin, at
 * target on metformin, and a metformin trial the chart does not document.
 */
import { DiagnosisCodes, DocumentTypes, MedicationCodes, ObservationCodes } from '../../contracts/clinical-codes.js';
import { intro, type ChartRecipes } from './recipe.js';

const METFORMIN_DOSE = 'Metformin 1000 mg (2 tablets of 500 mg) by mouth twice daily with meals';

export const SEMAGLUTIDE_CHARTS = {
  'pat-glp1-meets': (c) => {
    c.condition(DiagnosisCodes.type2DiabetesHyperglycemia, 900);
    c.medication(MedicationCodes.metformin, 210, METFORMIN_DOSE);
    c.observation(ObservationCodes.hba1c, 9.1, 190, 'laboratory');
    c.observation(ObservationCodes.bmi, 33.2, 10, 'vital-signs');
    c.observation(ObservationCodes.hba1c, 8.4, 10, 'laboratory');
    c.note(DocumentTypes.progressNote, 9, 'Diabetes follow-up',
      `${intro(c)} with type 2 diabetes has taken metformin 1000 mg twice daily since ${c.day(210)}. ` +
      `HbA1c 8.4 % on ${c.day(10)} (9.1 % on ${c.day(190)}), above the 7 % target despite adherence. ` +
      'Plan: add semaglutide weekly injection.');
  },
  'pat-glp1-fails': (c) => {
    c.condition(DiagnosisCodes.type2Diabetes, 1100);
    c.medication(MedicationCodes.metformin, 300, METFORMIN_DOSE);
    c.observation(ObservationCodes.hba1c, 7.4, 200, 'laboratory');
    c.observation(ObservationCodes.hba1c, 6.6, 12, 'laboratory');
    c.note(DocumentTypes.progressNote, 11, 'Diabetes follow-up',
      `${intro(c)} with type 2 diabetes on metformin since ${c.day(300)}. HbA1c 6.6 % on ${c.day(12)}, ` +
      'at target. Patient asks about semaglutide for weight loss.');
  },
  'pat-glp1-missing': (c) => {
    c.condition(DiagnosisCodes.type2DiabetesHyperglycemia, 60);
    c.observation(ObservationCodes.hba1c, 8.9, 7, 'laboratory');
    c.note(DocumentTypes.progressNote, 6, 'New patient, type 2 diabetes',
      `${intro(c)} new to this practice, has type 2 diabetes. States metformin was taken for about a year under a ` +
      'previous provider and stopped for gastrointestinal intolerance; no prescription or pharmacy record is on file. ' +
      `HbA1c 8.9 % on ${c.day(7)}. Plan: request outside records; consider semaglutide.`);
  },
} satisfies ChartRecipes;

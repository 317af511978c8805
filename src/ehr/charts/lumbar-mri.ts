/**
 * Lumbar spine MRI (CPT 72148) charts: low back pain with and without six weeks of documented
 * conservative therapy, a red-flag case, and a chart whose physical therapy is only hearsay.
 */
import { DiagnosisCodes, DocumentTypes, MedicationCodes, TherapyCodes } from '../../contracts/clinical-codes.js';
import { intro, type ChartRecipes } from './recipe.js';

const NO_RED_FLAGS = 'No saddle anesthesia, bowel or bladder dysfunction, fever, weight loss or progressive weakness.';

export const LUMBAR_MRI_CHARTS = {
  'pat-lumbar-meets': (c) => {
    c.condition(DiagnosisCodes.lowBackPain, 80);
    c.medication(MedicationCodes.naproxen, 75, 'Naproxen 500 mg by mouth twice daily with food');
    c.procedure(TherapyCodes.physicalTherapy, 70, 14);
    c.note(DocumentTypes.progressNote, 10, 'Low back pain follow-up',
      `${intro(c)} returns for low back pain of about 11 weeks' duration. Completed 8 weeks of physical therapy ` +
      `(therapeutic exercise twice weekly) from ${c.day(70)} to ${c.day(14)} and has taken naproxen 500 mg twice daily ` +
      `since ${c.day(75)}, without meaningful relief. ${NO_RED_FLAGS} ` +
      'Plan: MRI of the lumbar spine without contrast (CPT 72148) after failed conservative therapy.');
  },
  'pat-lumbar-red-flag': (c) => {
    c.condition(DiagnosisCodes.lowBackPain, 5);
    c.condition(DiagnosisCodes.caudaEquina, 2, { category: 'encounter-diagnosis' });
    c.note(DocumentTypes.progressNote, 2, 'Acute low back pain with red flags',
      `${intro(c)} presents with severe low back pain that began 5 days ago, new saddle anesthesia and urinary retention ` +
      'since yesterday. Decreased perianal sensation on examination. Suspected cauda equina syndrome. ' +
      'Plan: urgent MRI of the lumbar spine (CPT 72148); conservative therapy is not appropriate.');
  },
  'pat-lumbar-fails': (c) => {
    c.condition(DiagnosisCodes.lowBackPain, 30);
    c.medication(MedicationCodes.ibuprofen, 28, 'Ibuprofen 600 mg by mouth every 8 hours as needed for pain');
    c.procedure(TherapyCodes.physicalTherapy, 24, 3);
    c.note(DocumentTypes.progressNote, 2, 'Low back pain follow-up',
      `${intro(c)} returns for low back pain of about 4 weeks' duration. Completed 3 weeks of physical therapy from ` +
      `${c.day(24)} to ${c.day(3)}; takes ibuprofen as needed. ${NO_RED_FLAGS} ` +
      'Patient requests an MRI of the lumbar spine (CPT 72148).');
  },
  'pat-lumbar-missing': (c) => {
    c.condition(DiagnosisCodes.lowBackPain, 95);
    c.note(DocumentTypes.progressNote, 6, 'Low back pain follow-up',
      `${intro(c)} returns for low back pain of about 13 weeks' duration, taking over-the-counter NSAIDs intermittently. ` +
      'Reports completing about 8 weeks of physical therapy at an outside clinic; the therapy records have been ' +
      `requested and are not yet on file. ${NO_RED_FLAGS} Plan: MRI of the lumbar spine without contrast (CPT 72148).`);
  },
} satisfies ChartRecipes;

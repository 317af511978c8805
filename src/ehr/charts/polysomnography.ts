/**
 * Polysomnography (CPT 95810) charts: suspected sleep apnea with a positive screen and a
 * comorbidity that rules out home testing, a negative screen, and screening never recorded.
 */
import { DiagnosisCodes, DocumentTypes, ObservationCodes } from '../../contracts/clinical-codes.js';
import type { ChartBuilder } from '../chart-builder.js';
import { intro, type ChartRecipes } from './recipe.js';

function suspected(c: ChartBuilder, bmi: number) {
  c.condition(DiagnosisCodes.sleepApnea, 14, { category: 'encounter-diagnosis', provisional: true });
  c.observation(ObservationCodes.bmi, bmi, 14, 'vital-signs');
}

function scores(c: ChartBuilder, stopBang: number, epworth: number) {
  c.observation(ObservationCodes.stopBang, stopBang, 14, 'survey');
  c.observation(ObservationCodes.epworth, epworth, 14, 'survey');
}

export const POLYSOMNOGRAPHY_CHARTS = {
  'pat-sleep-meets': (c) => {
    c.condition(DiagnosisCodes.copd, 1500);
    suspected(c, 34.1);
    scores(c, 6, 14);
    c.note(DocumentTypes.sleepStudyReferral, 12, 'Referral for attended polysomnography',
      `${intro(c)} reports loud snoring, witnessed apneas and daytime sleepiness. STOP-BANG 6/8, Epworth 14/24. ` +
      'Home sleep apnea testing is not appropriate because of moderate-to-severe COPD. ' +
      'Referred for attended in-lab polysomnography (CPT 95810).');
  },
  'pat-sleep-fails': (c) => {
    c.condition(DiagnosisCodes.heartFailure, 1200);
    suspected(c, 27.5);
    scores(c, 2, 7);
    c.note(DocumentTypes.sleepStudyReferral, 12, 'Referral for attended polysomnography',
      `${intro(c)} with heart failure reports occasional snoring; partner has not observed apneas. ` +
      'STOP-BANG 2/8, Epworth 7/24. Requests attended in-lab polysomnography (CPT 95810).');
  },
  'pat-sleep-missing': (c) => {
    c.condition(DiagnosisCodes.copd, 1500);
    suspected(c, 33.0);
    c.note(DocumentTypes.sleepStudyReferral, 12, 'Referral for attended polysomnography',
      `${intro(c)} reports loud snoring and daytime sleepiness. STOP-BANG and Epworth questionnaires were completed ` +
      'on paper at intake; the scores have not been entered in the chart. Home sleep apnea testing is not appropriate ' +
      'because of COPD. Referred for attended in-lab polysomnography (CPT 95810).');
  },
} satisfies ChartRecipes;

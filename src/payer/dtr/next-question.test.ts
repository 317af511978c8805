/**
 * DTR adaptive forms (`Questionnaire/$next-question`, SDC): a client driving a policy
 * questionnaire one question at a time, with the answers deciding what comes next (red flags
 * skip what they bypass and waive, an any-of stops at its first met alternative), the errors a
 * malformed request gets, and PAS reading the finished adaptive response.
 */
import { describe, expect, it } from '@jest/globals';
import { MedicationCodes } from '../../contracts/clinical-codes.js';
import { questionnaireUrl } from '../../contracts/dtr.js';
import { readReviewAction } from '../../contracts/pas.js';
import type { Resource } from '../../contracts/fhir-base.js';
import { VirtualClock } from '../../core/clock.js';
import { createSimulator, type Simulator } from '../../simulator.js';
import { ev, pasBundle } from '../testing/pas-fixtures.js';
import { submitOk } from '../testing/payer-client.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const BASE = 'http://sim.test/payer/fhir';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';

const nextQuestion = async (sim: Simulator, body: unknown) => {
  const res = await sim.handle(new Request(`${BASE}/Questionnaire/$next-question`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) }));
  return { status: res.status, body: (await res.json()) as Json };
};

/** An empty adaptive response to the policy questionnaire of `code`. */
const start = (code: string, version: string | undefined = '1'): Json => ({
  resourceType: 'QuestionnaireResponse', id: 'adaptive-1', questionnaire: '#q', status: 'in-progress', subject: { reference: 'Patient/pat-1' },
  contained: [{ resourceType: 'Questionnaire', id: 'q', url: questionnaireUrl(code), ...(version ? { version } : {}), status: 'active' }],
  item: [],
});

/** Every question's linkId, nested ones after their group's. */
const questions = (qr: Json): string[] => {
  const walk = (items: Json[] = []): string[] => items.flatMap((i) => (i.type === 'group' ? walk(i.item) : [i.linkId]));
  return walk(qr.contained[0].item);
};

/** Drive the form to completion, answering each new question from `answers` (absent: left unanswered). */
async function fill(sim: Simulator, code: string, answers: Record<string, Json>): Promise<{ asked: string[]; final: Json }> {
  let qr = start(code);
  for (let round = 0; round < 20; round++) {
    const res = await nextQuestion(sim, qr);
    expect(res.status).toBe(200);
    qr = res.body;
    if (qr.status === 'completed') return { asked: questions(qr), final: qr };
    const asked = questions(qr);
    const latest = asked.at(-1)!;
    if (answers[latest]) qr = { ...qr, item: [...qr.item, { linkId: latest, answer: [answers[latest]] }] };
  }
  throw new Error('the form never completed');
}

describe('DTR $next-question (adaptive forms)', () => {
  it('asks the lumbar MRI policy one question at a time and completes', async () => {
    const sim = createSimulator();
    const first = await nextQuestion(sim, start('72148'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ resourceType: 'QuestionnaireResponse', id: 'adaptive-1', status: 'in-progress' });
    expect(first.body.contained[0]).toMatchObject({ derivedFrom: [`${questionnaireUrl('72148')}|1`], version: '1' });
    expect(questions(first.body)).toEqual(['low-back-pain-diagnosis']);
    const { asked, final } = await fill(sim, '72148', {
      'low-back-pain-diagnosis': { valueCoding: { system: ICD10, code: 'M54.50' } },
      'conservative-therapy-6-weeks': { valueInteger: 50 },
      'document-11506-3': { valueBoolean: true },
    });
    // the red-flag question is asked and left unanswered (unknown): nothing is skipped
    expect(asked).toEqual(['low-back-pain-diagnosis', 'red-flags', 'conservative-therapy-6-weeks', 'document-11506-3']);
    expect(final.status).toBe('completed');
  });

  it('a red flag answered present skips the criterion it bypasses and the document it waives', async () => {
    const cauda = { valueCoding: { system: ICD10, code: 'G83.4' } };
    const { asked, final } = await fill(createSimulator(), '72148', { 'low-back-pain-diagnosis': cauda, 'red-flags': cauda });
    expect(asked).toEqual(['low-back-pain-diagnosis', 'red-flags']);
    expect(final.status).toBe('completed');
  });

  it('an any-of asks its alternatives one at a time and stops at the first met', async () => {
    const sim = createSimulator();
    const base = { 'sleep-apnea-diagnosis': { valueCoding: { system: ICD10, code: 'G47.33' } } };
    const metFirst = await fill(sim, '95810', { ...base, 'stop-bang-3': { valueDecimal: 5 } });
    expect(metFirst.asked).toEqual(['sleep-apnea-diagnosis', 'stop-bang-3', 'home-testing-unsuitable', 'document-57133-1']);
    const metSecond = await fill(sim, '95810', { ...base, 'stop-bang-3': { valueDecimal: 2 }, 'epworth-over-10': { valueDecimal: 14 } });
    expect(metSecond.asked.slice(0, 3)).toEqual(['sleep-apnea-diagnosis', 'stop-bang-3', 'epworth-over-10']);
    // the group holds the alternatives asked so far, in order
    const group = metSecond.final.contained[0].item.find((i: Json) => i.type === 'group');
    expect(group.item.map((i: Json) => i.linkId)).toEqual(['stop-bang-3', 'epworth-over-10']);
  });

  it('takes Parameters with in, and a contained Questionnaire that names the policy by derivedFrom', async () => {
    const qr = start('27447', undefined);
    qr.contained[0] = { resourceType: 'Questionnaire', id: 'q', status: 'active', derivedFrom: [`${questionnaireUrl('27447')}|1`] };
    const res = await nextQuestion(createSimulator(), { resourceType: 'Parameters', parameter: [{ name: 'in', resource: qr }] });
    expect(res.status).toBe(200);
    expect(questions(res.body)).toEqual(['knee-osteoarthritis-diagnosis']);
  });

  it.each([
    ['Parameters without in', { resourceType: 'Parameters', parameter: [] }, 'Parameters.parameter'],
    ['a resource that is not a QuestionnaireResponse', { resourceType: 'Patient' }, 'QuestionnaireResponse.resourceType'],
    ['a questionnaire that is not contained', { ...start('72148'), questionnaire: `${questionnaireUrl('72148')}|1` }, 'QuestionnaireResponse.questionnaire'],
    ['no such contained Questionnaire', { ...start('72148'), questionnaire: '#other' }, 'QuestionnaireResponse.contained'],
    ['a contained Questionnaire naming nothing', { ...start('72148'), contained: [{ resourceType: 'Questionnaire', id: 'q', status: 'active' }] }, 'QuestionnaireResponse.contained[0].url'],
    ['not a policy questionnaire', { ...start('72148'), contained: [{ resourceType: 'Questionnaire', id: 'q', url: 'http://example.org/Questionnaire/x', status: 'active' }] }, 'QuestionnaireResponse.contained[0].url'],
    ['an outdated version', start('72148', '0'), 'QuestionnaireResponse.contained[0].version'],
    ['contained items that are not items', { ...start('72148'), contained: [{ ...start('72148').contained[0], item: 'x' }] }, 'QuestionnaireResponse.contained[0].item'],
    ['a nested item without a linkId', { ...start('72148'), contained: [{ ...start('72148').contained[0], item: [{ linkId: 'g', item: [{ text: 'no id' }] }] }] }, 'QuestionnaireResponse.contained[0].item.0.item.0.linkId'],
    ['an answer of the wrong shape', { ...start('72148'), item: [{ linkId: 'x', answer: 'yes' }] }, 'QuestionnaireResponse.item.0.answer'],
  ])('%s → 400', async (_what, body, expression) => {
    const res = await nextQuestion(createSimulator(), body);
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].expression).toEqual([expression]);
  });

  it('after a revision, a form started on the old version must start again', async () => {
    const clock = new VirtualClock();
    const sim = createSimulator({ config: { seed: 4, payer: { dtr: { revise: { afterSeconds: 60, version: '2' } } } }, clock });
    expect((await nextQuestion(sim, start('72148', '1'))).status).toBe(200);
    await clock.advance(60_000);
    const stale = await nextQuestion(sim, start('72148', '1'));
    expect(stale.status).toBe(400);
    expect(stale.body.issue[0].diagnostics).toContain('version 2 is current');
    expect((await nextQuestion(sim, start('72148', '2'))).body.contained[0].derivedFrom).toEqual([`${questionnaireUrl('72148')}|2`]);
  });

  it('PAS reads a completed adaptive response like any other', async () => {
    const sim = createSimulator();
    const { final } = await fill(sim, '1991302', {
      'type-2-diabetes-diagnosis': { valueCoding: { system: ICD10, code: 'E11.9' } },
      'hba1c-7-percent': { valueDecimal: 8.4 },
    });
    expect(final.status).toBe('completed');
    const decide = async (qr?: Json) => {
      const bundle = pasBundle({ procedure: 'semaglutide', evidence: [ev.medication(MedicationCodes.metformin, 200, 5), ...(qr ? [qr] : [])] as Resource[] });
      return readReviewAction(((await submitOk(createSimulator({ config: { seed: 4 } }), bundle)).entry[0]!.resource as Json).item[0]).code;
    };
    // without it the HbA1c is missing (pended); the adaptive response's attested 8.4 % settles it
    expect(await decide()).toBe('A4');
    expect(await decide(final)).toBe('A1');
  });
});

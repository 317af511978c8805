/** The payer's DTR operation and how adjudication reads a QuestionnaireResponse in a PAS Bundle. */
import { describe, expect, it } from '@jest/globals';
import { QuestionnairePackageSchema, questionnaireUrl } from '../../contracts/dtr.js';
import { ObservationCodes, MedicationCodes } from '../../contracts/clinical-codes.js';
import type { PayerConfigInput } from '../../contracts/payer-config.js';
import { readReviewAction } from '../../contracts/pas.js';
import { createSimulator, type Simulator } from '../../simulator.js';
import { VirtualClock } from '../../core/clock.js';
import { draftOrder, packageRequest } from '../testing/crd-fixtures.js';
import { ev, pasBundle } from '../testing/pas-fixtures.js';
import { submitOk } from '../testing/payer-client.js';
import type { Resource } from '../../contracts/fhir-base.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const BASE = 'http://sim.test/payer/fhir';
const packageOf = async (sim: Simulator, body: unknown) => {
  const res = await sim.handle(new Request(`${BASE}/Questionnaire/$questionnaire-package`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) }));
  return { status: res.status, body: (await res.json()) as Json };
};

/** A QuestionnaireResponse to the semaglutide questionnaire answering HbA1c and metformin days. */
function response(version: string, hba1c?: number, metforminDays?: number) {
  return {
    resourceType: 'QuestionnaireResponse', id: 'qr-1', questionnaire: `${questionnaireUrl('1991302')}|${version}`, status: 'completed',
    subject: { reference: 'Patient/pat-1' },
    item: [
      ...(hba1c === undefined ? [] : [{ linkId: 'hba1c-7-percent', answer: [{ valueDecimal: hba1c }] }]),
      ...(metforminDays === undefined ? [] : [{ linkId: 'metformin-trial-3-months', answer: [{ valueInteger: metforminDays }] }]),
    ],
  };
}

/** Submit semaglutide with `evidence` plus the response; the review action of item 1. */
async function decide(evidence: Json[], qr: Json | undefined, payer: PayerConfigInput = {}, sim = createSimulator({ config: { seed: 4, payer } })) {
  const bundle = pasBundle({ procedure: 'semaglutide', evidence: [...evidence, ...(qr ? [qr] : [])] as Resource[] });
  const out = await submitOk(sim, bundle);
  return readReviewAction((out.entry[0]!.resource as Json).item[0]);
}

describe('DTR $questionnaire-package', () => {
  it('answers a packagebundle with the Questionnaire first, its ValueSets and a draft response', async () => {
    const res = await packageOf(createSimulator(), packageRequest({ orders: [draftOrder('lumbarMri')] }));
    expect(res.status).toBe(200);
    const params = QuestionnairePackageSchema.parse(res.body);
    expect(params.parameter!.map((p) => p.name)).toEqual(['packagebundle']);
    const entries = (params.parameter![0]!.resource as Json).entry as Json[];
    const q = entries[0]!.resource;
    expect(q).toMatchObject({ resourceType: 'Questionnaire', url: questionnaireUrl('72148'), version: '1', status: 'active' });
    expect(q.item.map((i: Json) => i.linkId)).toEqual(['low-back-pain-diagnosis', 'red-flags', 'conservative-therapy-6-weeks', 'document-11506-3']);
    expect(q.item[0].extension).toContainEqual(expect.objectContaining({ valueExpression: expect.objectContaining({ language: 'text/fhirpath' }) }));
    const valueSets = entries.filter((e) => e.resource.resourceType === 'ValueSet').map((e) => `${e.resource.url}|${e.resource.version}`);
    expect(valueSets).toEqual(expect.arrayContaining([q.item[0].answerValueSet, q.item[1].answerValueSet]));
    expect(entries.at(-1)!.resource).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'in-progress', questionnaire: `${questionnaireUrl('72148')}|1`, subject: { reference: 'Patient/pat-1' } });
  });

  it('answers by questionnaire canonical too, and an outcome when nothing applies', async () => {
    const sim = createSimulator();
    const byCanonical = QuestionnairePackageSchema.parse((await packageOf(sim, packageRequest({ questionnaires: [`${questionnaireUrl('95810')}|1`] }))).body);
    expect(((byCanonical.parameter![0]!.resource as Json).entry[0].resource as Json).url).toBe(questionnaireUrl('95810'));
    const none = (await packageOf(sim, packageRequest({ orders: [{ ...draftOrder('lumbarMri'), code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99213' }] } }] }))).body;
    expect(none.parameter.map((p: Json) => p.name)).toEqual(['outcome']);
  });

  it.each([
    ['no coverage', { resourceType: 'Parameters', parameter: [] }, 'Parameters.parameter'],
    ['an unknown questionnaire', packageRequest({ questionnaires: ['http://example.org/Questionnaire/x'] }), 'Parameters.parameter[1].valueCanonical'],
    ['an order that is not an order', { resourceType: 'Parameters', parameter: [packageRequest().parameter[0], { name: 'order', resource: { resourceType: 'Patient' } }] }, 'Parameters.parameter[1].resource'],
  ])('%s → 400', async (_what, body, expression) => {
    const res = await packageOf(createSimulator(), body);
    expect(res.status).toBe(400);
    expect(res.body.issue[0].expression).toEqual([expression]);
  });

  it('GET Questionnaire/{id} reads the current version; GET on the operation is a 405', async () => {
    const sim = createSimulator();
    expect(((await (await sim.handle(new Request(`${BASE}/Questionnaire/policy-27447`))).json()) as Json).url).toBe(questionnaireUrl('27447'));
    expect((await sim.handle(new Request(`${BASE}/Questionnaire/policy-00000`))).status).toBe(404);
    expect((await sim.handle(new Request(`${BASE}/Questionnaire/$questionnaire-package`))).status).toBe(405);
  });
});

describe('adjudication reads the QuestionnaireResponse', () => {
  const metformin = () => ev.medication(MedicationCodes.metformin, 200, 5);

  it('an attested value settles a criterion the attached resources leave missing', async () => {
    expect((await decide([metformin()], undefined)).code).toBe('A4');
    expect((await decide([metformin()], response('1', 8.4))).code).toBe('A1');
    const low = await decide([metformin()], response('1', 6.2));
    expect(low.code).toBe('A3');
  });

  it('attached evidence wins over an answer that contradicts it', async () => {
    expect((await decide([metformin(), ev.observation(ObservationCodes.hba1c, 6.0, '%')], response('1', 9))).code).toBe('A3');
  });

  it('a response to a revised questionnaire version is stale: documentation missing', async () => {
    const clock = new VirtualClock();
    const sim = createSimulator({ config: { seed: 4, payer: { dtr: { revise: { afterSeconds: 600, version: '2' } } } }, clock });
    const versionOf = async () => ((await packageOf(sim, packageRequest({ orders: [draftOrder('semaglutide')] }))).body.parameter[0].resource.entry[0].resource as Json).version;
    expect(await versionOf()).toBe('1');
    await clock.advance(600_000);
    expect(await versionOf()).toBe('2');
    const stale = await decide([metformin()], response('1', 8.4), {}, sim);
    expect(stale.code).toBe('A4');
    expect(JSON.stringify(stale)).toContain('version 2 is current');
    expect((await decide([metformin()], response('2', 8.4), {}, sim)).code).toBe('A1');
  });
});

/** The payer's CRD service end to end through the engine: discovery, hooks, cards and coverage-information. */
import { describe, expect, it } from '@jest/globals';
import { CdsDiscoverySchema, CdsHookResponseSchema, readCoverageInformation } from '../../contracts/cds-hooks.js';
import { createSimulator } from '../../simulator.js';
import { ev, meetsCriteria } from '../testing/pas-fixtures.js';
import { appointment, draftOrder, hookRequest } from '../testing/crd-fixtures.js';
import type { PayerConfigInput } from '../../contracts/payer-config.js';
import { ObservationCodes } from '../../contracts/clinical-codes.js';

const ORIGIN = 'http://sim.test';
const call = async (body: unknown, service = 'crd-order-sign', payer: PayerConfigInput = {}) => {
  const sim = createSimulator({ config: { seed: 2, payer } });
  const res = await sim.handle(new Request(`${ORIGIN}/payer/cds-services/${service}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
};

describe('CRD (CDS Hooks 2.0)', () => {
  it('discovery lists order-select, order-sign and appointment-book with prefetch templates', async () => {
    const res = await createSimulator().handle(new Request(`${ORIGIN}/payer/cds-services`));
    const d = CdsDiscoverySchema.parse(await res.json());
    expect(d.services.map((s) => [s.id, s.hook])).toEqual([['crd-order-select', 'order-select'], ['crd-order-sign', 'order-sign'], ['crd-appointment-book', 'appointment-book']]);
    expect(d.services[0]!.prefetch).toMatchObject({ patient: 'Patient/{{context.patientId}}', coverage: 'Coverage?patient={{context.patientId}}' });
  });

  it('without prefetch: prior auth needed, documentation needed, with the policy questionnaire', async () => {
    const res = await call(hookRequest('order-sign', [draftOrder('lumbarMri')]));
    expect(res.status).toBe(200);
    const body = CdsHookResponseSchema.parse(res.body);
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0]!.summary).toContain('prior authorization is needed');
    const [info] = readCoverageInformation(body.systemActions![0]!.resource);
    expect(info).toMatchObject({ covered: 'covered', paNeeded: 'auth-needed', docNeeded: 'clinical', questionnaires: ['http://prior-auth-sim.dev/fhir/Questionnaire/policy-72148|1'] });
    expect(info!.assertionId).toMatch(/^crd-/);
  });

  it('with a prefetched chart that proves every criterion: auth needed, no documentation', async () => {
    const res = await call(hookRequest('order-sign', [draftOrder('semaglutide')], { evidence: meetsCriteria('semaglutide') }));
    const [info] = readCoverageInformation(CdsHookResponseSchema.parse(res.body).systemActions![0]!.resource);
    expect(info).toMatchObject({ covered: 'covered', paNeeded: 'auth-needed', docNeeded: 'no-doc', questionnaires: [] });
  });

  it('with a prefetched chart that contradicts a criterion: conditional, with a warning card', async () => {
    const low = [...meetsCriteria('semaglutide').filter((r) => r.resourceType !== 'Observation'), ev.observation(ObservationCodes.hba1c, 6.1, '%')];
    const res = CdsHookResponseSchema.parse((await call(hookRequest('order-sign', [draftOrder('semaglutide')], { evidence: low }))).body);
    expect(res.cards[0]!.indicator).toBe('warning');
    expect(readCoverageInformation(res.systemActions![0]!.resource)[0]!.covered).toBe('conditional');
  });

  it('order-select answers only for the selected orders; an unknown code is not covered', async () => {
    const orders = [draftOrder('lumbarMri', 'pat-1', 'a'), { ...draftOrder('totalKnee', 'pat-1', 'b'), code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99999' }] } }];
    const res = CdsHookResponseSchema.parse((await call(hookRequest('order-select', orders, { selections: ['ServiceRequest/b'] }), 'crd-order-select')).body);
    expect(res.systemActions!.map((a) => a.resource!.id)).toEqual(['b']);
    expect(readCoverageInformation(res.systemActions![0]!.resource)[0]).toMatchObject({ covered: 'not-covered' });
  });

  it('appointment-book annotates each Appointment by its serviceType, from the same policies', async () => {
    const appts = [appointment('lumbarMri', 'pat-1', 'a1'), appointment('semaglutide', 'pat-1', 'a2')];
    const res = await call(hookRequest('appointment-book', appts, { evidence: meetsCriteria('semaglutide') }), 'crd-appointment-book');
    expect(res.status).toBe(200);
    const body = CdsHookResponseSchema.parse(res.body);
    expect(body.cards).toHaveLength(2);
    expect(body.systemActions!.map((a) => [a.resource!.resourceType, a.resource!.id])).toEqual([['Appointment', 'a1'], ['Appointment', 'a2']]);
    expect(body.systemActions![0]!.description).toContain('appointment');
    // the lumbar MRI's evidence is not in the prefetch: documentation needed; the semaglutide chart proves every criterion
    expect(readCoverageInformation(body.systemActions![0]!.resource)[0]).toMatchObject({ paNeeded: 'auth-needed', docNeeded: 'clinical', questionnaires: ['http://prior-auth-sim.dev/fhir/Questionnaire/policy-72148|1'] });
    expect(readCoverageInformation(body.systemActions![1]!.resource)[0]).toMatchObject({ paNeeded: 'auth-needed', docNeeded: 'no-doc' });
    expect((body.systemActions![0]!.resource as Record<string, unknown>).status).toBe('proposed');
  });

  it('crd.contradictPas answers no-auth whatever the policy says', async () => {
    const res = CdsHookResponseSchema.parse((await call(hookRequest('order-sign', [draftOrder('lumbarMri')]), 'crd-order-sign', { crd: { contradictPas: true } })).body);
    expect(readCoverageInformation(res.systemActions![0]!.resource)[0]).toMatchObject({ covered: 'covered', paNeeded: 'no-auth' });
  });

  it.each([
    ['a hook the service does not answer', 'crd-order-select', hookRequest('order-sign', []), 400, 'request.hook'],
    ['no context', 'crd-order-sign', { hook: 'order-sign', hookInstance: 'x' }, 400, 'request.context'],
    ['an unknown service', 'crd-nope', hookRequest('order-sign', []), 404, undefined],
    ['appointment-book without context.appointments', 'crd-appointment-book', { ...hookRequest('order-sign', [draftOrder('lumbarMri')]), hook: 'appointment-book' }, 400, 'request.context.appointments'],
    ['order-sign without context.draftOrders', 'crd-order-sign', { ...hookRequest('appointment-book', [appointment('lumbarMri')]), hook: 'order-sign' }, 400, 'request.context.draftOrders'],
  ])('%s at %s → problem JSON %i', async (_what, service, body, status, path) => {
    const res = await call(body, service);
    expect(res.status).toBe(status);
    expect(res.type).toMatch(/^application\/problem\+json/);
    if (path) expect(JSON.stringify(res.body.errors)).toContain(path);
  });
});

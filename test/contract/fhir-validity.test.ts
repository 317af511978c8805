/**
 * Every FHIR resource the simulator serves, checked by an independent FHIR R4 validator (the
 * `fhir` package's structure-definition validator), not by our own zod schemas.
 */
import { Fhir } from 'fhir';
import { createSimulator } from '../../src/simulator.js';
import { PERSONAS } from '../../src/contracts/personas.js';
import { VirtualClock } from '../../src/core/clock.js';
import { meetsCriteria, pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { inquiryBundle, submit } from '../../src/payer/testing/payer-client.js';
import { appointment, draftOrder, hookRequest, packageRequest } from '../../src/payer/testing/crd-fixtures.js';
import { ProcedureCodes } from '../../src/contracts/clinical-codes.js';
import { CdsDiscoverySchema, CdsHookResponseSchema } from '../../src/contracts/cds-hooks.js';

const fhir = new Fhir();
const sim = createSimulator({ config: { seed: 3 } });
const get = async (path: string) => (await sim.handle(new Request(`http://sim.test${path}`))).json();

function errorsOf(resource: unknown): string[] {
  // re-parse in this realm: the validator checks `instanceof Array`, and undici parses JSON in another realm
  const result = fhir.validate(JSON.parse(JSON.stringify(resource)));
  return result.messages.filter((m) => m.severity === 'error').map((m) => `${m.location}: ${m.message}`);
}

describe('FHIR R4 validity (independent validator)', () => {
  it('the validator catches an invalid resource (so a pass means something)', () => {
    expect(errorsOf({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: 'high' } })).not.toEqual([]);
  });

  it('EHR CapabilityStatement is valid', async () => {
    expect(errorsOf(await get('/ehr/fhir/metadata'))).toEqual([]);
  });

  it.each(PERSONAS.map((p) => p.id))('every resource in the chart of %s is valid', async (id) => {
    const bundle = (await get(`/ehr/fhir/Patient/${id}/$everything?_count=1000`)) as { entry: Array<{ resource: unknown }> };
    expect(errorsOf(bundle)).toEqual([]);
    for (const entry of bundle.entry) expect(errorsOf(entry.resource)).toEqual([]);
  });

  it.each([
    ['A1', {}],
    ['A2', { rules: { '72148': { decision: 'A2' as const } } }],
    ['A3', { rules: { '72148': { decision: 'A3' as const, reason: 'not medically necessary' } } }],
    ['A4', { rules: { '72148': { decision: 'A4' as const, pendSeconds: 60, finalDecision: 'A1' as const } } }],
    ['A6', { rules: { '72148': { decision: 'A6' as const, authorizedQuantity: 1 } } }],
    ['CT', { rules: { '72148': { decision: 'CT' as const } } }],
  ])('PAS response Bundle and ClaimResponse for %s are valid', async (_code, payer) => {
    const clock = new VirtualClock();
    const payerSim = createSimulator({ config: { seed: 3, payer }, clock });
    const request = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') });
    expect(errorsOf(request)).toEqual([]);
    const res = await submit(payerSim, request, { 'idempotency-key': 'k' });
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as { entry: Array<{ resource: unknown }> };
    expect(errorsOf(bundle)).toEqual([]);
    for (const entry of bundle.entry) expect(errorsOf(entry.resource)).toEqual([]);
    await clock.advance(120_000);
    const inquiry = await payerSim.handle(new Request('http://sim.test/payer/fhir/Claim/$inquire', {
      method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(inquiryBundle(request.entry[0]!.resource as Record<string, unknown>, request.identifier)),
    }));
    expect(inquiry.status).toBe(200);
    expect(errorsOf(((await inquiry.json()) as { entry: Array<{ resource: unknown }> }).entry[0]!.resource)).toEqual([]);
  });

  it('payer CapabilityStatement and policy errors are valid', async () => {
    expect(errorsOf(await get('/payer/fhir/metadata'))).toEqual([]);
    const bad = await sim.handle(new Request('http://sim.test/payer/fhir/Claim/$submit', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":"Bundle"}' }));
    expect(bad.status).toBe(400);
    expect(errorsOf(await bad.json())).toEqual([]);
  });

  it('error responses are valid OperationOutcomes', async () => {
    expect(errorsOf(await get('/ehr/fhir/Patient/does-not-exist'))).toEqual([]);
    expect(errorsOf(await get('/ehr/fhir/Condition'))).toEqual([]);
  });
});

describe('CRD and DTR shapes (independent validator for FHIR; CDS Hooks JSON by its 2.0 shape)', () => {
  const post = async (path: string, body: unknown, type = 'application/fhir+json') =>
    (await sim.handle(new Request(`http://sim.test${path}`, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) }))).json() as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it.each(['72148', '27447', '95810', '1991302'])('the $questionnaire-package Parameters, Bundle, Questionnaire, ValueSets and draft response for %s are valid', async (code) => {
    const procedure = (Object.keys(ProcedureCodes) as (keyof typeof ProcedureCodes)[]).find((k) => ProcedureCodes[k].code === code)!;
    const out = await post('/payer/fhir/Questionnaire/$questionnaire-package', packageRequest({ orders: [draftOrder(procedure)] }));
    expect(errorsOf(out)).toEqual([]);
    const bundle = out.parameter[0].resource;
    expect(errorsOf(bundle)).toEqual([]);
    expect(bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(expect.arrayContaining(['Questionnaire', 'ValueSet', 'QuestionnaireResponse']));
    for (const entry of bundle.entry) expect(errorsOf(entry.resource)).toEqual([]);
  });

  it('a QuestionnaireResponse the orchestrator fills is valid, and the PAS Bundle carrying it is accepted', async () => {
    const qr = { resourceType: 'QuestionnaireResponse', id: 'qr-1', questionnaire: 'http://prior-auth-sim.dev/fhir/Questionnaire/policy-1991302|1', status: 'completed', subject: { reference: 'Patient/pat-1' }, item: [{ linkId: 'hba1c-7-percent', answer: [{ valueDecimal: 8.1 }] }] };
    expect(errorsOf(qr)).toEqual([]);
    const request = pasBundle({ procedure: 'semaglutide', evidence: [...meetsCriteria('semaglutide'), qr] });
    expect(errorsOf(request)).toEqual([]);
    expect((await submit(sim, request, { 'idempotency-key': 'qr' })).status).toBe(200);
  });

  it('the CDS Hooks discovery and hook response have the CDS Hooks 2.0 shape; the annotated order is valid FHIR', async () => {
    const discovery = await (await sim.handle(new Request('http://sim.test/payer/cds-services'))).json();
    expect(CdsDiscoverySchema.parse(discovery).services.every((s) => typeof s.hook === 'string' && typeof s.id === 'string' && typeof s.description === 'string')).toBe(true);
    const response = CdsHookResponseSchema.parse(await post('/payer/cds-services/crd-order-sign', hookRequest('order-sign', [draftOrder('lumbarMri')]), 'application/json'));
    for (const card of response.cards) {
      expect(card.summary.length).toBeLessThanOrEqual(140);
      expect(['info', 'warning', 'critical']).toContain(card.indicator);
      expect(card.source.label).toBeTruthy();
    }
    for (const action of response.systemActions!) expect(errorsOf(action.resource)).toEqual([]);
  });

  it('an adaptive QuestionnaireResponse from $next-question is valid FHIR, its contained Questionnaire too', async () => {
    const start = { resourceType: 'QuestionnaireResponse', id: 'adaptive-1', questionnaire: '#q', status: 'in-progress', contained: [{ resourceType: 'Questionnaire', id: 'q', url: 'http://prior-auth-sim.dev/fhir/Questionnaire/policy-95810', version: '1', status: 'active' }] };
    const first = await post('/payer/fhir/Questionnaire/$next-question', start);
    const second = await post('/payer/fhir/Questionnaire/$next-question', { ...first, item: [{ linkId: 'sleep-apnea-diagnosis', answer: [{ valueCoding: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G47.33' } }] }] });
    expect(second.contained[0].item.length).toBe(2);
    expect(errorsOf(first)).toEqual([]);
    expect(errorsOf(second)).toEqual([]);
  });

  it('appointment-book annotates the Appointment as valid FHIR', async () => {
    const response = CdsHookResponseSchema.parse(await post('/payer/cds-services/crd-appointment-book', hookRequest('appointment-book', [appointment('lumbarMri')]), 'application/json'));
    expect(response.systemActions!.map((a) => a.resource!.resourceType)).toEqual(['Appointment']);
    for (const action of response.systemActions!) expect(errorsOf(action.resource)).toEqual([]);
  });
});

/**
 * The simulator's API as a contract: one valid call per endpoint, each body parsed with its
 * zod contract, run against every target (in-process, express, msw, and an external base URL
 * when PRIOR_AUTH_SIM_BASE_URL is set).
 */
import { CapabilityStatementSchema, EhrResourceSchema, EverythingBundleSchema, PatientSearchsetSchema, ObservationSearchsetSchema } from '../../src/contracts/ehr.js';
import { PasResponseBundleSchema } from '../../src/contracts/pas.js';
import { CoveragePolicySchema } from '../../src/contracts/policy.js';
import { OperationOutcomeSchema, ProblemSchema } from '../../src/contracts/fhir-base.js';
import { ReviewTaskListSchema, ReviewTaskSchema } from '../../src/contracts/review.js';
import { SubscriptionSchema } from '../../src/contracts/subscription.js';
import { meetsCriteria, pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { inquiryBundle } from '../../src/payer/testing/payer-client.js';
import { contractTargets, type ContractTarget } from './targets.js';

const FHIR = { 'content-type': 'application/fhir+json' };

describe.each(contractTargets())('API contract on %s', (_name, makeTarget) => {
  let t: ContractTarget;
  beforeAll(async () => {
    t = await makeTarget({ payer: { rules: { '27447': { decision: 'A4', pendSeconds: 3600, finalDecision: 'A1' } } } });
  });
  afterAll(() => t.close());
  const json = async (path: string, init?: RequestInit) => {
    const res = await t.fetch(path, init);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as unknown };
  };

  it('EHR metadata, reads, searches and $everything', async () => {
    expect(CapabilityStatementSchema.safeParse((await json('/ehr/fhir/metadata')).body).success).toBe(true);
    const patients = await json('/ehr/fhir/Patient?_count=5');
    expect(patients.type).toMatch(/application\/fhir\+json/);
    const page = PatientSearchsetSchema.parse(patients.body);
    const id = page.entry![0]!.resource.id!;
    expect(EhrResourceSchema.safeParse((await json(`/ehr/fhir/Patient/${id}`)).body).success).toBe(true);
    ObservationSearchsetSchema.parse((await json(`/ehr/fhir/Observation?patient=${id}&category=laboratory`)).body);
    const everything = EverythingBundleSchema.parse((await json(`/ehr/fhir/Patient/${id}/$everything?_count=3`)).body);
    expect(everything.link.some((l) => l.relation === 'next')).toBe(true);
    const missing = await json('/ehr/fhir/Patient/nobody');
    expect(missing.status).toBe(404);
    OperationOutcomeSchema.parse(missing.body);
  });

  it('payer metadata, policies, $submit and $inquire', async () => {
    expect((await json('/payer/fhir/metadata')).body).toMatchObject({ resourceType: 'CapabilityStatement' });
    CoveragePolicySchema.parse((await json('/payer/policies/72148')).body);
    ProblemSchema.parse((await json('/payer/policies/00000')).body);
    const request = pasBundle({ procedure: 'totalKnee', evidence: meetsCriteria('totalKnee') });
    const submitted = await json('/payer/fhir/Claim/$submit', { method: 'POST', headers: { ...FHIR, 'idempotency-key': `k-${t.name}` }, body: JSON.stringify(request) });
    expect(submitted.status).toBe(200);
    const outcome = PasResponseBundleSchema.parse(submitted.body).entry[0].resource.outcome;
    if (t.controllable) expect(outcome).toBe('queued');
    const inquiry = inquiryBundle(request.entry[0]!.resource as Record<string, unknown>, request.identifier);
    const inquired = await json('/payer/fhir/Claim/$inquire', { method: 'POST', headers: FHIR, body: JSON.stringify(inquiry) });
    expect(PasResponseBundleSchema.safeParse(inquired.body).success).toBe(true);
    const invalid = await json('/payer/fhir/Claim/$submit', { method: 'POST', headers: FHIR, body: JSON.stringify({ ...request, type: 'batch' }) });
    expect(invalid.status).toBe(400);
    expect(OperationOutcomeSchema.parse(invalid.body).issue[0]!.expression?.[0]).toMatch(/^Bundle\.type/);
  });

  it('payer Subscription create, read and delete (handshake to an unreachable endpoint → error status)', async () => {
    const created = await json('/payer/fhir/Subscription', {
      method: 'POST', headers: FHIR,
      body: JSON.stringify({ resourceType: 'Subscription', status: 'requested', reason: 'contract test', criteria: 'http://prior-auth-sim.dev/SubscriptionTopic/pas-claim-decision', channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/hook', payload: 'application/fhir+json' } }),
    });
    expect(created.status).toBe(201);
    const sub = SubscriptionSchema.parse(created.body);
    expect(sub.status).toBe('error');
    expect(SubscriptionSchema.safeParse((await json(`/payer/fhir/Subscription/${sub.id}`)).body).success).toBe(true);
    expect((await t.fetch(`/payer/fhir/Subscription/${sub.id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('review tasks', async () => {
    const task = { callbackId: `cb-${t.name}`, executionId: 'e', letter: { subject: 's', body: 'b' }, callbackUrl: 'http://127.0.0.1:9/cb' };
    const created = await json('/review/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(task) });
    const parsed = ReviewTaskSchema.parse(created.body);
    ReviewTaskSchema.parse((await json(`/review/tasks/${parsed.id}`)).body);
    ReviewTaskListSchema.parse((await json('/review/tasks?status=pending')).body);
  });
});

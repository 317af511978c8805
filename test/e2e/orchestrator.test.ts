import { startE2eEnvironment, type E2eEnvironment } from '../../src/harness/e2e-environment.js';
import { DEFAULT_WORKFLOW_CONFIG } from '../../orchestrator/workflow-types.js';

let env: E2eEnvironment | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('the prior-auth workflow on our runtime against the simulator over HTTP', () => {
  it('approves a request that meets the criteria, decided by polling', async () => {
    env = await startE2eEnvironment({
      payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 7200, finalDecision: 'evidence' } } },
      review: { behaviour: 'approve', delaySeconds: 3600 },
    });
    const run = await env.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.result).toMatchObject({ outcome: 'APPROVED', stages: { decision: { via: 'polling' } } });
    expect(run.result?.authorizationNumber).toBeTruthy();
    expect(env.sim.ledger.totals().claims).toBe(1);
  });
});

describe('outcomes and faults end to end', () => {
  it('denies with the payer\'s specific reason when a criterion is unmet', async () => {
    env = await startE2eEnvironment({ payer: { webhooks: false }, review: { behaviour: 'approve', delaySeconds: 600 } });
    const run = await env.run({ patientId: 'pat-lumbar-fails', procedureCode: '72148' });
    expect(run.result?.outcome).toBe('DENIED');
    expect(run.result?.reason).toMatch(/conservative|therapy|days/i);
    expect(env.sim.ledger.totals().claims).toBe(1);
  });

  it('a physician rejection ends in REJECTED with no submission at all', async () => {
    env = await startE2eEnvironment({ review: { behaviour: 'reject', delaySeconds: 600, reason: 'letter overstates therapy' } });
    const run = await env.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    expect(run.result).toMatchObject({ outcome: 'REJECTED', reason: 'letter overstates therapy' });
    expect(env.sim.ledger.totals().claims).toBe(0);
    expect(env.sim.journal.query({ path: '/payer/fhir/Claim/$submit' })).toHaveLength(0);
  });

  it('a physician who never answers times out after 7 days into MANUAL_REVIEW', async () => {
    env = await startE2eEnvironment({ review: { behaviour: 'never' } });
    const started = env.clock.now();
    const run = await env.run({ patientId: 'pat-knee-meets', procedureCode: '27447' });
    expect(run.result).toMatchObject({ outcome: 'MANUAL_REVIEW' });
    expect(run.result?.reason).toMatch(/7 days/);
    expect(env.clock.now() - started).toBeGreaterThanOrEqual(7 * 24 * 3600_000);
    expect(env.sim.ledger.totals().claims).toBe(0);
  });

  it('exhausted polling ends in MANUAL_REVIEW after the capped number of inquiries', async () => {
    env = await startE2eEnvironment({
      payer: { webhooks: false, rules: { '95810': { decision: 'A4', pendSeconds: 60 * 86400, finalDecision: 'A1' } } },
      review: { behaviour: 'approve', delaySeconds: 600 },
    });
    const run = await env.run({ patientId: 'pat-sleep-meets', procedureCode: '95810' });
    expect(run.result?.outcome).toBe('MANUAL_REVIEW');
    expect(run.result?.reason).toMatch(/48 inquiries/);
    expect(env.sim.journal.query({ path: '/payer/fhir/Claim/$inquire' })).toHaveLength(48);
  });

  it('a submission whose response was lost after commit is retried with the same key: one claim', async () => {
    env = await startE2eEnvironment({
      payer: { webhooks: false, requireIdempotencyKey: true },
      review: { behaviour: 'approve', delaySeconds: 600 },
      faults: [{ id: 'lost', match: { system: 'payer', route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'response-lost-after-commit' } }],
    });
    const run = await env.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    expect(run.result?.outcome).toBe('APPROVED');
    expect(run.result?.stages.submission).toMatchObject({ replayed: true });
    const totals = env.sim.ledger.totals();
    expect(totals.claims).toBe(1);
    expect(totals.duplicates['idempotency-key-replay']).toBe(1);
    expect(env.sim.journal.query({ path: '/payer/fhir/Claim/$submit' })).toHaveLength(2);
  });

  it('rides out a flaky payer and an EHR outage without duplicating anything', async () => {
    env = await startE2eEnvironment({
      payer: { webhooks: false },
      review: { behaviour: 'approve', delaySeconds: 600 },
      faults: [
        { id: 'ehr-down', match: { system: 'ehr' }, schedule: { kind: 'first-n', n: 4 }, fault: { kind: 'http-status', status: 503, retryAfterSeconds: 10 } },
        { id: 'submit-429', match: { system: 'payer', route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n: 2 }, fault: { kind: 'http-status', status: 429, retryAfterSeconds: 30 } },
      ],
    });
    const run = await env.run({ patientId: 'pat-glp1-meets', procedureCode: '1991302' });
    expect(run.result?.outcome).toBe('APPROVED');
    expect(env.sim.ledger.totals().claims).toBe(1);
  });
});

describe('webhooks end to end', () => {
  const pended = { '72148': { decision: 'A4' as const, pendSeconds: 7200, finalDecision: 'evidence' as const } };

  it('a pended decision arrives by payer notification, with no polling', async () => {
    env = await startE2eEnvironment({ payer: { webhooks: true, rules: pended }, review: { behaviour: 'approve', delaySeconds: 600 } });
    const run = await env.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    expect(run.result).toMatchObject({ outcome: 'APPROVED', stages: { decision: { via: 'notification' } } });
    // one read right after subscribing (was it decided already?), answered PENDED; no polling after it
    const inquiries = env.sim.journal.query({ path: '/payer/fhir/Claim/$inquire' });
    expect(inquiries.map((e) => e.status)).toEqual([200]);
    expect(env.sim.ledger.totals()).toMatchObject({ claims: 1, notificationsSent: 1 });
  });

  // The webhook hang of the kill-and-compare run: the payer was down between $submit and the
  // Subscription long enough for step retries (2, 4, 8, … s) to outlast the pend, so the claim was
  // decided before anyone subscribed, no notification ever came, and the execution waited the
  // whole 8-day notification timeout (at 10× dilation: 19 hours). Here the Subscription POST
  // fails six times instead of the payer process being killed: the same gap, on a virtual clock.
  it('a claim decided before its Subscription was active is read at once, not after the 8-day notification wait', async () => {
    env = await startE2eEnvironment({
      seed: 7,
      payer: { webhooks: true, rules: { '72148': { decision: 'A4', pendSeconds: 120, finalDecision: 'evidence' } } },
      review: { behaviour: 'approve', delaySeconds: 60 },
      faults: [{ id: 'subscribe-down', match: { system: 'payer', route: '/payer/fhir/Subscription' }, schedule: { kind: 'first-n', n: 6 }, fault: { kind: 'http-status', status: 503 } }],
    });
    const started = env.clock.now();
    const run = await env.run({ patientId: 'pat-lumbar-red-flag', procedureCode: '72148' });
    const [claim] = env.sim.context.store.table<{ createdAt: number; updatedAt: number }>('payer.claims').values();
    const subscribed = env.sim.journal.query({ method: 'POST', path: '/payer/fhir/Subscription' }).filter((e) => e.status === 201);
    // the premise: the only Subscription came after the decision
    expect(subscribed).toHaveLength(1);
    expect(Date.parse(subscribed[0]!.at)).toBeGreaterThan(claim!.updatedAt);
    expect(run.result).toMatchObject({ outcome: 'APPROVED', stages: { decision: { via: 'polling', polls: 1 } } });
    const ended = env.runtime.history(run.executionId).at(-1)!;
    expect(ended.kind).toBe('execution-ended');
    // ended minutes after the decision, not after the notification timeout
    expect(ended.at - claim!.updatedAt).toBeLessThan(3600_000);
    expect(ended.at - started).toBeLessThan(3600_000);
    expect(env.sim.ledger.totals()).toMatchObject({ claims: 1, notificationsSent: 0 });
  });

  it('duplicate and stale notifications change nothing once the execution has its decision', async () => {
    env = await startE2eEnvironment({
      payer: { webhooks: true, rules: pended, notifications: { duplicateProbability: 1, staleProbability: 1 } },
      review: { behaviour: 'approve', delaySeconds: 600 },
    });
    const run = await env.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    await env.clock.advance(3600_000);
    await env.runtime.runUntilIdle();
    expect(run.result).toMatchObject({ outcome: 'APPROVED', stages: { decision: { via: 'notification' } } });
    expect(env.runtime.getExecution(run.executionId).result).toEqual(run.result);
    expect(env.notifications).toEqual(['acknowledged', 'completed', 'duplicate', 'stale']);
  });

  it('a dropped notification falls back to polling after the notification timeout', async () => {
    env = await startE2eEnvironment({
      payer: { webhooks: true, rules: pended, notifications: { dropProbability: 1 } },
      review: { behaviour: 'approve', delaySeconds: 600 },
    });
    const run = await env.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    expect(run.result).toMatchObject({ outcome: 'APPROVED', stages: { decision: { via: 'polling' } } });
    expect(env.sim.ledger.totals().claims).toBe(1);
  });
});

describe('exhausted retries', () => {
  it('an EHR that stays down ends in MANUAL_REVIEW naming the failed step, not a failed execution', async () => {
    env = await startE2eEnvironment({ faults: [{ id: 'ehr-down', match: { system: 'ehr' }, fault: { kind: 'http-status', status: 503 } }] });
    const run = await env.run({ patientId: 'pat-knee-meets', procedureCode: '27447' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.result?.outcome).toBe('MANUAL_REVIEW');
    expect(run.result?.reason).toMatch(/StepError/);
    // one EHR read per attempt of the extraction step, every attempt its budget allows
    expect(env.sim.journal.query({ system: ['ehr'] }).length).toBe(DEFAULT_WORKFLOW_CONFIG.agentRetry!.maxAttempts);
    expect(env.sim.ledger.totals().claims).toBe(0);
  });
});

describe('POST /prior-auth', () => {
  it('starts an execution, idempotently per requestId, and answers bad input with problem JSON', async () => {
    env = await startE2eEnvironment({ review: { behaviour: 'manual' } });
    const post = (body: string) => fetch(`${env!.orchestratorUrl}/prior-auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const first = await post(JSON.stringify({ patientId: 'pat-knee-meets', procedureCode: '27447', requestId: 'r-1' }));
    expect(first.status).toBe(201);
    const again = await post(JSON.stringify({ patientId: 'pat-knee-meets', procedureCode: '27447', requestId: 'r-1' }));
    expect(again.status).toBe(200);
    expect((await again.json()).executionId).toBe((await first.json()).executionId);
    const malformed = await post('{"patientId":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/problem\+json/);
    const invalid = await post(JSON.stringify({ patientId: '', procedureCode: '27447' }));
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).errors[0].path).toBe('body.patientId');
  });
});

/**
 * The prior-auth workflow on the SDK's own in-memory backend (`LocalDurableTestRunner`), with
 * test doubles for every agent and client: what replays, retries and callbacks do to the
 * pipeline, independent of our runtime and of HTTP. Time is skipped (fake timers), so step
 * retries and polling backoff cost no wall time. Callback timeouts are not skipped by the
 * testing library: the 7-day review timeout is tested on our runtime (test/e2e/orchestrator.test.ts).
 *
 * The doubles answer with canned values recorded once from the deterministic agents over the
 * in-process simulator (no network), so the workflow sees realistic facts, letters and bundles.
 */
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner, WaitingOperationStatus, type TestResult } from '@aws/durable-execution-sdk-js-testing';
import type { CoveragePolicy } from '../src/contracts/policy.js';
import type { ReviewDecision, ReviewTaskCreate } from '../src/contracts/review.js';
import { createSimulator } from '../src/simulator.js';
import { createAgents, type Agents } from './agents/agents.js';
import type { ClinicalFacts } from './agents/clinical-facts.js';
import type { NecessityAssessment } from './agents/medical-necessity.js';
import type { PayerCriteriaResult } from './agents/payer-criteria.js';
import { buildPasBundle } from './agents/pas-bundle.js';
import { createClients, type Clients } from './clients/clients.js';
import { PermanentError, TransientError } from './clients/client-errors.js';
import type { PasResult } from './clients/payer-client.js';
import { createPriorAuthWorkflow } from './workflow.js';
import type { PriorAuthResult, WorkflowConfig } from './workflow-types.js';

/** Outputs of the real deterministic pipeline for pat-lumbar-meets / 72148, recorded once. */
interface Recorded {
  facts: ClinicalFacts;
  necessity: NecessityAssessment;
  criteria: PayerCriteriaResult;
  letter: Awaited<ReturnType<Agents['justificationLetter']['run']>>;
  policy: CoveragePolicy;
  approved: PasResult;
  now: number;
}

const PATIENT = 'pat-lumbar-meets';
const CODE = '72148';

async function record(): Promise<Recorded> {
  const sim = createSimulator({ config: { seed: 1 } });
  const url = 'http://sim.test';
  const clients = createClients({ ehrUrl: url, payerUrl: url, reviewUrl: url, fetch: (i, init) => sim.handle(new Request(i, init)), timeoutMs: 1000 });
  const agents = createAgents(clients);
  const now = sim.clock.now();
  const facts = await agents.clinicalExtraction.run({ patientId: PATIENT, procedureCode: CODE, now });
  const necessity = await agents.medicalNecessity.run(facts, CODE);
  const policy = await clients.payer.getPolicy(CODE);
  const criteria = await agents.payerCriteria.run(facts, policy);
  const letter = await agents.justificationLetter.run(facts, necessity, criteria);
  const approved = await clients.payer.submit(buildPasBundle({ facts, procedureCode: CODE, executionId: 'recording', letter, now }), 'recording-key');
  expect(approved.decision.outcome).toBe('APPROVED');
  return { facts, necessity, criteria, letter, policy, approved, now };
}

const pended = (r: PasResult): PasResult => ({ ...r, decision: { ...r.decision, outcome: 'PENDED', reviewActionCode: 'A4' } });

const notUsed = (): Promise<never> => Promise.reject(new Error('not called by the workflow'));

/** What the fake payer does on each `submit` attempt, in order; the last entry repeats. */
type SubmitScript = ('transient' | 'permanent' | 'approved' | 'pended')[];

/** Plain-object doubles of every agent and client, counting calls and recording arguments. */
function createDoubles(rec: Recorded, script: SubmitScript) {
  const calls = { extraction: 0, necessity: 0, criteria: 0, letter: 0, policy: 0, capabilities: 0, inquire: 0, keys: 0, createTask: [] as ReviewTaskCreate[], submitKeys: [] as string[] };
  const agents: Agents = {
    clinicalExtraction: { run: async () => (calls.extraction++, rec.facts) },
    medicalNecessity: { run: async () => (calls.necessity++, rec.necessity) },
    payerCriteria: { run: async () => (calls.criteria++, rec.criteria) },
    justificationLetter: { run: async () => (calls.letter++, rec.letter) },
  };
  const clients: Clients = {
    // the workflow reads the EHR only through the extraction agent
    ehr: { fhirBase: 'http://ehr.test/fhir', readPatient: notUsed, read: notUsed, everything: notUsed, search: notUsed },
    payer: {
      getPolicy: notUsed,
      coverageRequirements: async () => (calls.policy++, { policy: rec.policy, notes: [] }),
      async submit(_bundle, idempotencyKey) {
        calls.submitKeys.push(idempotencyKey);
        const action = script[Math.min(calls.submitKeys.length, script.length) - 1]!;
        const operation = 'POST /payer/fhir/Claim/$submit';
        if (action === 'transient') throw new TransientError('503 Service Unavailable', { operation, status: 503 });
        if (action === 'permanent') throw new PermanentError('422 Unprocessable Entity', { operation, status: 422, diagnostics: ['Claim.item[0].productOrService: unknown code'] });
        return action === 'pended' ? pended(rec.approved) : rec.approved;
      },
      inquire: async () => (calls.inquire++, pended(rec.approved)),
      getCapabilities: async () => (calls.capabilities++, { webhooks: false }),
      // the payer says it has no webhooks: the workflow must poll, never subscribe
      createSubscription: notUsed,
    },
    review: {
      async createTask(input) {
        calls.createTask.push(input);
        return { task: { id: `task-${calls.createTask.length}`, ...input, status: 'pending', createdAt: new Date(rec.now).toISOString(), deliveries: [] }, created: true };
      },
      getTask: notUsed,
    },
  };
  return { agents, clients, calls };
}

const CONFIG: WorkflowConfig = {
  callbackBaseUrl: 'http://orchestrator.test',
  notificationBaseUrl: 'http://orchestrator.test',
  reviewTimeoutDays: 7,
  notificationTimeoutHours: 192,
  polling: { initialSeconds: 30, maxSeconds: 300, maxAttempts: 3 },
  stepRetry: { maxAttempts: 5, initialSeconds: 2, maxSeconds: 300 },
};

let rec: Recorded;
beforeAll(async () => {
  // record first: the testing library installs process-wide fake timers
  rec = await record();
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
});
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

/**
 * Runs the workflow to its end with the given payer script, answering the physician review
 * through the callback id the review double was given (as the real review system would).
 */
async function runWorkflow(script: SubmitScript, review: { approved: boolean; reason?: string }) {
  const doubles = createDoubles(rec, script);
  const workflow = createPriorAuthWorkflow({
    agents: doubles.agents, clients: doubles.clients, config: CONFIG, now: () => rec.now,
    newIdempotencyKey: () => `key-${++doubles.calls.keys}`,
  });
  const runner = new LocalDurableTestRunner<PriorAuthResult>({ handlerFunction: withDurableExecution(workflow) });
  const running = runner.run({ payload: { patientId: PATIENT, procedureCode: CODE } });

  const reviewOp = await runner.getOperation('physician-review').waitForData(WaitingOperationStatus.SUBMITTED);
  const task = doubles.calls.createTask[0];
  expect(task).toBeDefined();
  expect(reviewOp.getCallbackDetails()?.callbackId).toBe(task!.callbackId);
  expect(task!.callbackUrl).toBe(`${CONFIG.callbackBaseUrl}/callbacks/${encodeURIComponent(task!.callbackId)}/succeed`);
  const decision: ReviewDecision = {
    taskId: 'task-1', callbackId: task!.callbackId, executionId: task!.executionId,
    approved: review.approved, ...(review.reason ? { reason: review.reason } : {}),
    reviewer: 'Dr. Test', decidedAt: new Date(rec.now).toISOString(),
  };
  await reviewOp.sendCallbackSuccess(JSON.stringify(decision));
  const execution: TestResult<PriorAuthResult> = await running;
  return { execution, runner, calls: doubles.calls };
}

describe('the prior-auth workflow on the SDK testing backend', () => {
  it('retries a transiently failing submit without re-running any completed step', async () => {
    const { execution, runner, calls } = await runWorkflow(['transient', 'transient', 'approved'], { approved: true });
    expect(execution.getStatus()).toBe('SUCCEEDED');
    expect(execution.getResult()).toMatchObject({ outcome: 'APPROVED', authorizationNumber: rec.approved.decision.authorizationNumber });
    expect(calls.submitKeys).toHaveLength(3);
    expect(runner.getOperation('submit').getStepDetails()?.attempt).toBe(3);
    // the retries and the callback each suspended and re-invoked the handler: steps were replayed, not re-run
    expect(execution.getInvocations().length).toBeGreaterThan(1);
    expect(calls).toMatchObject({ extraction: 1, necessity: 1, criteria: 1, letter: 1, policy: 1 });
    expect(calls.createTask).toHaveLength(1);
  });

  it('a physician rejection ends in REJECTED and the payer is never submitted to', async () => {
    const { execution, calls } = await runWorkflow(['approved'], { approved: false, reason: 'letter overstates therapy' });
    expect(execution.getStatus()).toBe('SUCCEEDED');
    expect(execution.getResult()).toMatchObject({ outcome: 'REJECTED', reason: 'letter overstates therapy', stages: { review: { approved: false, reviewer: 'Dr. Test' } } });
    expect(calls.submitKeys).toEqual([]);
    expect(calls.keys).toBe(0);
  });

  it('exhausted polling ends in MANUAL_REVIEW after exactly maxAttempts inquiries', async () => {
    const { execution, calls } = await runWorkflow(['pended'], { approved: true });
    expect(execution.getStatus()).toBe('SUCCEEDED');
    const result = execution.getResult();
    expect(result).toMatchObject({ outcome: 'MANUAL_REVIEW', stages: { submission: { initial: 'PENDED' } } });
    expect(result?.reason).toMatch(/after 3 inquiries \(polling exhausted\)/);
    expect(calls.inquire).toBe(CONFIG.polling.maxAttempts);
    expect(calls.capabilities).toBe(1);
    expect(calls.submitKeys).toHaveLength(1);
  });

  it('makes the idempotency key once and sends that same key on every submit attempt', async () => {
    const { execution, calls } = await runWorkflow(['transient', 'transient', 'transient', 'approved'], { approved: true });
    expect(execution.getStatus()).toBe('SUCCEEDED');
    expect(calls.keys).toBe(1);
    expect(calls.submitKeys).toEqual(['key-1', 'key-1', 'key-1', 'key-1']);
    expect(execution.getResult()?.stages.submission).toMatchObject({ idempotencyKey: 'key-1', initial: 'APPROVED' });
  });

  it('gives up on a submit still failing transiently after stepRetry.maxAttempts attempts: MANUAL_REVIEW', async () => {
    const { execution, runner, calls } = await runWorkflow(['transient'], { approved: true });
    expect(calls.submitKeys).toEqual(Array(CONFIG.stepRetry.maxAttempts).fill('key-1'));
    expect(runner.getOperation('submit').getStatus()).toBe('FAILED');
    // exhausted retries end in MANUAL_REVIEW, never in a failed execution without an outcome
    expect(execution.getStatus()).toBe('SUCCEEDED');
    const result = execution.getResult();
    expect(result).toMatchObject({ outcome: 'MANUAL_REVIEW', stages: { review: { approved: true } } });
    expect(result?.reason).toMatch(/503/);
    expect(calls).toMatchObject({ extraction: 1, necessity: 1, criteria: 1, letter: 1, policy: 1, keys: 1, inquire: 0, capabilities: 0 });
  });

  it('a permanent submit error is not retried: one attempt, then MANUAL_REVIEW with the payer\'s reason', async () => {
    const { execution, runner, calls } = await runWorkflow(['permanent', 'approved'], { approved: true });
    expect(calls.submitKeys).toHaveLength(1);
    expect(runner.getOperation('submit').getStatus()).toBe('FAILED');
    expect(runner.getOperation('submit').getStepDetails()?.attempt).toBe(1);
    expect(execution.getStatus()).toBe('SUCCEEDED');
    const result = execution.getResult();
    expect(result).toMatchObject({ outcome: 'MANUAL_REVIEW', stages: { review: { approved: true } } });
    expect(result?.reason).toMatch(/422/);
    expect(calls).toMatchObject({ inquire: 0, capabilities: 0 });
  });
});

/**
 * Gathers what the invariants are checked against after a run, all from outside the
 * orchestrator: the simulator's ledger, token ledger and journal, the runtime's status, history
 * and a replay of the finished execution (now, and as if 13 hours later), and the step probe.
 */
import type { Scenario } from '../contracts/scenario.js';
import { DEFAULT_WORKFLOW_CONFIG } from '../../orchestrator/workflow-types.js';
import { IN_PROCESS_URL, type E2eEnvironment } from './e2e-environment.js';
import type { PayerClaim, RunEvidence } from './invariants.js';
import { modelCallsOf } from './model-evidence.js';

/** Far enough that a replay crosses day/night and business hours: clock-dependent branches show. */
export const REPLAY_LATER_MS = 13 * 3_600_000;

/** The payer's own view of its claims (`GET /__admin/claims`), in process. */
async function payerClaims(env: E2eEnvironment): Promise<PayerClaim[]> {
  const res = await env.sim.handle(new Request(`${IN_PROCESS_URL}/__admin/claims`));
  return ((await res.json()) as { claims: PayerClaim[] }).claims;
}

export async function collectEvidence(env: E2eEnvironment, scenario: Scenario, run: Awaited<ReturnType<E2eEnvironment['run']>>): Promise<RunEvidence> {
  const replays = run.status === 'SUCCEEDED' ? [await env.replay(run.executionId), await env.replay(run.executionId, REPLAY_LATER_MS)] : [];
  return {
    scenario, status: run.status, outcome: run.result?.outcome, reason: run.result?.reason, result: run.result,
    ledger: env.sim.ledger.totals(), journal: env.sim.journal.query(), polling: DEFAULT_WORKFLOW_CONFIG.polling, crashes: run.crashes,
    history: env.runtime.history(run.executionId), reruns: [...env.probe.reruns], replays, payerClaims: await payerClaims(env),
    modelCalls: await modelCallsOf(env, run.executionId),
  };
}

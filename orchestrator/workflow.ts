/**
 * The prior-authorization pipeline as one durable function (DESIGN.md §4). It reads top to
 * bottom and holds only durable operations and decisions; every HTTP call happens inside an
 * agent or a client (STYLE.md §4). Operation names are checkpoint keys: never rename one.
 *
 * @example
 * const handler = withDurableExecution(createPriorAuthWorkflow(deps));
 */
import { CallbackTimeoutError, DurableOperationError, type DurableContext } from '@aws/durable-execution-sdk-js';
import { ReviewDecisionSchema } from '../src/contracts/review.js';
import type { Agents } from './agents/agents.js';
import { buildPasBundle } from './agents/pas-bundle.js';
import type { Clients } from './clients/clients.js';
import type { DecisionSummary } from './clients/decision-summary.js';
import { retryTransient } from './retry-policy.js';
import * as bugs from './planted-bugs.js';
import type { PlantedBug } from './planted-bugs.js';
import { awaitPayerDecision } from './await-decision.js';
import { finalResult } from './final-result.js';
import type { PriorAuthRequest, PriorAuthResult, WorkflowConfig } from './workflow-types.js';

export interface WorkflowDeps {
  readonly agents: Agents;
  readonly clients: Clients;
  readonly config: WorkflowConfig;
  /** The time a claim is dated with; read inside a step, so replays see the checkpointed value. */
  readonly now: () => number;
  /**
   * The per-callback secret handed with a callback to the system that must answer it, which
   * signs its completion with it (src/contracts/callback-signature.ts).
   */
  readonly callbackSecret?: (callbackId: string) => Promise<string>;
  /** A fresh idempotency key; called inside a step, so a key is made once per execution. */
  readonly newIdempotencyKey: () => string;
  /** The harness's crash point after a step's side effect (a no-op in production). */
  readonly afterSideEffect?: (operation: string) => void;
  /** Testing only: plant a known bug so the chaos harness can prove it catches it. Never set in production. */
  readonly plantedBug?: PlantedBug;
}

export { PLANTED_BUGS, type PlantedBug } from './planted-bugs.js';

export function createPriorAuthWorkflow(deps: WorkflowDeps) {
  const { agents, clients, config } = deps;
  const retry = { retryStrategy: retryTransient(config.stepRetry) };

  /** Exhausted retries or a permanent error in any operation: a person takes over, never a silent failure. */
  return async (request: PriorAuthRequest, ctx: DurableContext): Promise<PriorAuthResult> => {
    const progress: { stages: PriorAuthResult['stages'] } = { stages: {} };
    try {
      return await pipeline(request, ctx, progress);
    } catch (err) {
      if (!(err instanceof DurableOperationError)) throw err;
      return { outcome: 'MANUAL_REVIEW', reason: `${err.errorType}: ${err.message}`, stages: progress.stages };
    }
  };

  async function pipeline(request: PriorAuthRequest, ctx: DurableContext, progress: { stages: PriorAuthResult['stages'] }): Promise<PriorAuthResult> {
    const executionId = ctx.executionContext.durableExecutionArn;
    const { patientId, procedureCode } = request;

    // 1–4: the agents, each a checkpointed step
    const facts = await ctx.step('clinical-extraction', () => agents.clinicalExtraction.run({ patientId, procedureCode }), retry);
    const early = await bugs.agentResultBeforeStep(deps, () => agents.medicalNecessity.run(facts, procedureCode)); // planted-bug hook
    const necessity = await ctx.step('medical-necessity', async () => early ?? agents.medicalNecessity.run(facts, procedureCode), retry);
    const criteria = await ctx.step('payer-criteria', async () => agents.payerCriteria.run(facts, await clients.payer.getPolicy(procedureCode)), retry);
    const letter = await ctx.step('justification-letter', () => agents.justificationLetter.run(facts, necessity, criteria), retry);
    const stages: PriorAuthResult['stages'] = {
      extraction: { evidenceResources: facts.resources.evidence.length },
      necessity: { necessary: necessity.necessary, guideline: necessity.guideline },
      criteria: { likelyOutcome: criteria.likelyOutcome, missingDocumentation: criteria.missingDocumentation },
      letter: { subject: letter.subject },
    };
    progress.stages = stages;

    // 5: the physician signs off (or not) within 7 days
    let rawDecision: string;
    try {
      rawDecision = await ctx.waitForCallback<string>('physician-review', async (callbackId) => {
        const callbackUrl = `${config.callbackBaseUrl}/callbacks/${encodeURIComponent(callbackId)}/succeed`;
        const callbackSecret = await deps.callbackSecret?.(callbackId);
        await clients.review.createTask({ callbackId: bugs.reviewTaskKey(deps, callbackId), executionId, letter, callbackUrl, ...(callbackSecret ? { callbackSecret } : {}) }); // planted-bug hook on the key
        deps.afterSideEffect?.('review-task');
      }, { timeout: { days: config.reviewTimeoutDays }, retryStrategy: retryTransient(config.stepRetry) });
    } catch (err) {
      if (err instanceof CallbackTimeoutError) return { outcome: 'MANUAL_REVIEW', reason: `physician review not answered within ${config.reviewTimeoutDays} days`, stages };
      throw err;
    }
    const review = ReviewDecisionSchema.parse(JSON.parse(rawDecision));
    const reviewStage = { approved: review.approved, reviewer: review.reviewer, ...(review.reason ? { reason: review.reason } : {}) };
    progress.stages = { ...stages, review: reviewStage };
    if (!review.approved) return { outcome: 'REJECTED', reason: review.reason ?? 'rejected by the physician', stages: { ...stages, review: reviewStage } };

    // 6: submit once, with a key made once, then wait for the decision
    const idempotencyKey = await ctx.step('idempotency-key', async () => deps.newIdempotencyKey());
    const bundle = await ctx.step('pas-bundle', async () => buildPasBundle({ facts, procedureCode, executionId, letter, now: deps.now() }));
    if (bugs.waitsForBusinessHours(deps)) await ctx.wait('business-hours', { hours: 1 }); // planted-bug hook
    const outsideKey = bugs.keyMadeOutsideStep(deps); // planted-bug hook
    const submitted = await ctx.step('submit', async () => {
      const result = await clients.payer.submit(bundle, bugs.keyForAttempt(deps, outsideKey ?? idempotencyKey)).catch((err: unknown) => {
        if (!bugs.resubmitsAfter(deps, err)) throw err; // planted-bug hook: a new claim after a lost response
        return clients.payer.submit(buildPasBundle({ facts, procedureCode, executionId: `${executionId}/resubmitted`, letter, now: deps.now() }), deps.newIdempotencyKey());
      });
      deps.afterSideEffect?.('submit');
      return { decision: result.decision, replayed: result.replayed };
    }, retry);
    const submission = { idempotencyKey, replayed: submitted.replayed, initial: submitted.decision.outcome };
    progress.stages = { ...stages, review: reviewStage, submission };

    let decision: DecisionSummary = submitted.decision;
    let via: 'submit' | 'notification' | 'polling' = 'submit';
    let polls: number | undefined;
    if (decision.outcome === 'PENDED') {
      const waited = await awaitPayerDecision(ctx, deps, { bundle, pended: decision });
      if (!waited.decision) {
        return { outcome: 'MANUAL_REVIEW', reason: waited.reason, stages: { ...stages, review: reviewStage, submission } };
      }
      ({ decision, via } = waited);
      polls = waited.polls;
    }
    return finalResult(decision, { ...stages, review: reviewStage, submission, decision: { via, reviewActionCode: decision.reviewActionCode, ...(polls === undefined ? {} : { polls }) } });
  }
}

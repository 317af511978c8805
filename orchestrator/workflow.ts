/**
 * The prior-authorization pipeline as one durable function. It reads top to bottom and holds
 * only durable operations and decisions; every HTTP call happens inside an agent or a client.
 * Operation names are checkpoint keys: never rename one.
 *
 * @example
 * const handler = withDurableExecution(createPriorAuthWorkflow(deps));
 */
import { DurableOperationError, type DurableContext } from '@aws/durable-execution-sdk-js';
import type { ReviewDecision } from '../src/contracts/review.js';
import type { Agents } from './agents/agents.js';
import { buildPasBundle } from './agents/pas-bundle.js';
import type { Clients } from './clients/clients.js';
import { awaitPayerDecision } from './await-decision.js';
import { finalResult } from './final-result.js';
import { physicianReview } from './physician-review.js';
import { retryTransient } from './retry-policy.js';
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
}

type Stages = PriorAuthResult['stages'];

export function createPriorAuthWorkflow(deps: WorkflowDeps) {
  const { agents, clients, config } = deps;
  const retry = { retryStrategy: retryTransient(config.stepRetry) };
  const agentRetry = { retryStrategy: retryTransient(config.agentRetry ?? config.stepRetry) };

  /** Exhausted retries or a permanent error in any operation: a person takes over, never a silent failure. */
  return async (request: PriorAuthRequest, ctx: DurableContext): Promise<PriorAuthResult> => {
    const progress: { stages: Stages } = { stages: {} };
    try {
      return await pipeline(request, ctx, progress);
    } catch (err) {
      if (!(err instanceof DurableOperationError)) throw err;
      return { outcome: 'MANUAL_REVIEW', reason: `${err.errorType}: ${err.message}`, stages: progress.stages };
    }
  };

  async function pipeline({ patientId, procedureCode }: PriorAuthRequest, ctx: DurableContext, progress: { stages: Stages }): Promise<PriorAuthResult> {
    const executionId = ctx.executionContext.durableExecutionArn;

    // 1–4: the agents, each a checkpointed step
    const facts = await ctx.step('clinical-extraction', () => agents.clinicalExtraction.run({ patientId, procedureCode }), agentRetry);
    const necessity = await ctx.step('medical-necessity', () => agents.medicalNecessity.run(facts, procedureCode), agentRetry);
    const order = { patientId, procedureCode, ...(facts.coverage ? { coverage: `Coverage/${facts.coverage.id}` } : {}) };
    const criteria = await ctx.step('payer-criteria', async () => agents.payerCriteria.run(facts, await clients.payer.coverageRequirements(order)), agentRetry);
    const letter = await ctx.step('justification-letter', () => agents.justificationLetter.run(facts, necessity, criteria), agentRetry);
    let stages: Stages = progress.stages = {
      extraction: { evidenceResources: facts.resources.evidence.length },
      necessity: { necessary: necessity.necessary, guideline: necessity.guideline },
      criteria: { likelyOutcome: criteria.likelyOutcome, missingDocumentation: criteria.missingDocumentation },
      letter: { subject: letter.subject },
    };

    // 5: the physician signs off (or not) within 7 days
    const review = await physicianReview(ctx, deps, { executionId, letter });
    if (!review) return { outcome: 'MANUAL_REVIEW', reason: `physician review not answered within ${config.reviewTimeoutDays} days`, stages };
    stages = progress.stages = { ...stages, review: reviewStage(review) };
    if (!review.approved) return { outcome: 'REJECTED', reason: review.reason ?? 'rejected by the physician', stages };

    // 6: submit once, with a key made once, then wait for the decision
    const idempotencyKey = await ctx.step('idempotency-key', async () => deps.newIdempotencyKey());
    const bundle = await ctx.step('pas-bundle', async () => buildPasBundle({ facts, procedureCode, executionId, letter, now: deps.now(), questionnaireResponse: criteria.questionnaireResponse }));
    const submitted = await ctx.step('submit', async () => {
      const { decision, replayed } = await clients.payer.submit(bundle, idempotencyKey);
      deps.afterSideEffect?.('submit');
      return { decision, replayed };
    }, retry);
    stages = progress.stages = { ...stages, submission: { idempotencyKey, replayed: submitted.replayed, initial: submitted.decision.outcome } };
    if (submitted.decision.outcome !== 'PENDED') return finalResult(submitted.decision, { ...stages, decision: { via: 'submit', reviewActionCode: submitted.decision.reviewActionCode } });

    const waited = await awaitPayerDecision(ctx, deps, { bundle, pended: submitted.decision });
    if (!waited.decision) return { outcome: 'MANUAL_REVIEW', reason: waited.reason, stages };
    const polls = waited.polls === undefined ? {} : { polls: waited.polls };
    return finalResult(waited.decision, { ...stages, decision: { via: waited.via, reviewActionCode: waited.decision.reviewActionCode, ...polls } });
  }
}

function reviewStage(review: ReviewDecision): NonNullable<Stages['review']> {
  return { approved: review.approved, reviewer: review.reviewer, ...(review.reason ? { reason: review.reason } : {}) };
}

/**
 * Waiting for a pended claim's final decision: by a payer notification when the payer supports
 * Subscriptions (falling back to polling if none arrives in time), else by polling
 * `Claim/$inquire` with exponential backoff (30 s → 5 min, capped attempts). Exhausted polling
 * is reported, never a silent failure: the workflow turns it into MANUAL_REVIEW.
 *
 * Subscribe, then look: a payer notifies only decisions made while a Subscription is active, so
 * a claim decided before the subscription existed (the payer or this process was down between
 * `$submit` and the subscription, and step retries outlasted the pend) would never be notified
 * and the wait would last the whole notification timeout (8 days). Once subscribed, the
 * submitter asks `$inquire` once; a decision already final ends the wait and polling reads it.
 */
import { CallbackSubmitterError, CallbackTimeoutError, type DurableContext } from '@aws/durable-execution-sdk-js';
import type { PasRequestBundle } from '../src/contracts/pas.js';
import type { Identifier } from '../src/contracts/fhir-base.js';
import { isRetryable, TransientError } from './clients/client-errors.js';
import type { DecisionSummary } from './clients/decision-summary.js';
import { backoffSeconds, retryTransient } from './retry-policy.js';
import type { WorkflowDeps } from './workflow.js';

export interface AwaitedDecision {
  readonly decision?: DecisionSummary;
  readonly via: 'notification' | 'polling';
  readonly polls?: number;
  readonly reason: string;
}

interface PollState {
  readonly polls: number;
  readonly decision?: DecisionSummary;
  readonly retryAfterSeconds?: number;
}

export async function awaitPayerDecision(
  ctx: DurableContext,
  deps: WorkflowDeps,
  claim: { bundle: PasRequestBundle; pended: DecisionSummary },
): Promise<AwaitedDecision> {
  const { clients, config } = deps;
  const claimIdentifier = (claim.pended.claimIdentifier ?? (claim.bundle.entry[0]!.resource as { identifier?: Identifier[] }).identifier?.[0]) as Identifier | undefined;
  const retry = { retryStrategy: retryTransient(config.stepRetry) };

  const capabilities = await ctx.step('payer-capabilities', () => clients.payer.getCapabilities(), retry);
  if (capabilities.webhooks) {
    try {
      const raw = await ctx.waitForCallback<string>('payer-notification', async (callbackId) => {
        const callbackSecret = await deps.callbackSecret?.(callbackId);
        await clients.payer.createSubscription({
          endpoint: `${config.notificationBaseUrl}/notifications/payer/${encodeURIComponent(callbackId)}`,
          ...(callbackSecret ? { callbackSecret } : {}),
          claimIdentifier: [claimIdentifier?.system, claimIdentifier?.value].filter(Boolean).join('|'),
        });
        deps.afterSideEffect?.('subscription');
        if (await decidedAlready(clients, claimIdentifier, claim.bundle)) throw new DecidedBeforeSubscription();
      }, { timeout: { hours: config.notificationTimeoutHours }, retryStrategy: retryTransient(config.stepRetry) });
      return { decision: JSON.parse(raw) as DecisionSummary, via: 'notification', reason: 'decided' };
    } catch (err) {
      // no notification in time, no subscription possible, or decided before it: poll instead
      if (!(err instanceof CallbackTimeoutError) && !(err instanceof CallbackSubmitterError)) throw err;
    }
  }

  const { polling } = config;
  const final = await ctx.waitForCondition<PollState>('poll-decision', async (state) => {
    try {
      const { decision } = await clients.payer.inquire({ ...(claimIdentifier ? { claimIdentifier } : {}), bundleIdentifier: claim.bundle.identifier });
      return { polls: state.polls + 1, ...(decision.outcome === 'PENDED' ? {} : { decision }) };
    } catch (err) {
      if (!isRetryable(err)) throw err;
      const retryAfterSeconds = err instanceof TransientError ? err.retryAfterSeconds : undefined;
      return { polls: state.polls + 1, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
    }
  }, {
    initialState: { polls: 0 },
    waitStrategy: (state) => {
      if (state.decision || state.polls >= polling.maxAttempts) return { shouldContinue: false };
      return { shouldContinue: true, delay: { seconds: Math.max(backoffSeconds(polling, state.polls), state.retryAfterSeconds ?? 0) } };
    },
  });
  if (final.decision) return { decision: final.decision, via: 'polling', polls: final.polls, reason: 'decided' };
  return { via: 'polling', polls: final.polls, reason: `no final decision after ${final.polls} inquiries (polling exhausted)` };
}

/** The claim was decided before its Subscription was active: no notification will come. Not retryable. */
class DecidedBeforeSubscription extends Error {
  constructor() {
    super('the claim was decided before the Subscription was active: no notification will come; polling reads the decision');
    this.name = 'DecidedBeforeSubscription';
  }
}

/**
 * One `$inquire` right after subscribing. Any failure answers "not known to be decided": the
 * subscription is in place, so the notification (or, at worst, the timeout's polling) still comes.
 */
async function decidedAlready(clients: WorkflowDeps['clients'], claimIdentifier: Identifier | undefined, bundle: PasRequestBundle): Promise<boolean> {
  try {
    const { decision } = await clients.payer.inquire({ ...(claimIdentifier ? { claimIdentifier } : {}), bundleIdentifier: bundle.identifier });
    return decision.outcome !== 'PENDED';
  } catch {
    return false;
  }
}

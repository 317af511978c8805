/**
 * Step 5 of the pipeline: the physician signs off, or not, within the review window. The
 * review task is created inside the callback's submitter, keyed by the callback id, so a
 * retried submitter never makes a second task. An unanswered review is reported (undefined),
 * never a silent failure: the workflow turns it into MANUAL_REVIEW.
 */
import { CallbackTimeoutError, type DurableContext } from '@aws/durable-execution-sdk-js';
import { ReviewDecisionSchema, type ReviewDecision, type ReviewLetter } from '../src/contracts/review.js';
import { retryTransient } from './retry-policy.js';
import type { WorkflowDeps } from './workflow.js';

/** @example const review = await physicianReview(ctx, deps, { executionId, letter }); if (!review) return manualReview(); */
export async function physicianReview(ctx: DurableContext, deps: WorkflowDeps, task: { executionId: string; letter: ReviewLetter }): Promise<ReviewDecision | undefined> {
  const { clients, config } = deps;
  try {
    const raw = await ctx.waitForCallback<string>('physician-review', async (callbackId) => {
      const callbackUrl = `${config.callbackBaseUrl}/callbacks/${encodeURIComponent(callbackId)}/succeed`;
      const callbackSecret = await deps.callbackSecret?.(callbackId);
      await clients.review.createTask({ callbackId, executionId: task.executionId, letter: task.letter, callbackUrl, ...(callbackSecret ? { callbackSecret } : {}) });
      deps.afterSideEffect?.('review-task');
    }, { timeout: { days: config.reviewTimeoutDays }, retryStrategy: retryTransient(config.stepRetry) });
    return ReviewDecisionSchema.parse(JSON.parse(raw));
  } catch (err) {
    if (err instanceof CallbackTimeoutError) return undefined;
    throw err;
  }
}

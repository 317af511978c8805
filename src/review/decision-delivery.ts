/**
 * Delivers a review decision to the task's callback URL over HTTP. Network errors and 5xx are
 * retried on the simulator's clock with doubling backoff; a 4xx is final (the receiver said no,
 * e.g. 409 for a callback already completed), as is running out of attempts.
 */
import type { SimulatorContext } from '../core/engine.js';
import type { ReviewDecision, ReviewTask } from '../contracts/review.js';
import { CALLBACK_SIGNATURE_HEADER, signCallbackBody } from '../contracts/callback-signature.js';

/** `secretOf(taskId)`: the task's callback secret; deliveries are signed with it (X-Callback-Signature). */
export function createDecisionDelivery(ctx: SimulatorContext, secretOf: (taskId: string) => string | undefined) {
  const { clock } = ctx;
  const cfg = ctx.config.review;

  async function attempt(task: ReviewTask, decision: ReviewDecision, n: number): Promise<void> {
    const at = new Date(clock.now()).toISOString();
    let retry = false;
    try {
      const body = JSON.stringify(decision);
      const secret = secretOf(task.id);
      const signature: Record<string, string> = secret ? { [CALLBACK_SIGNATURE_HEADER]: await signCallbackBody(secret, body) } : {};
      const res = await ctx.fetch(task.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signature },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      task.deliveries.push({ at, status: res.status });
      if (res.ok) task.status = 'delivered';
      retry = res.status >= 500;
      if (!res.ok && !retry) task.status = 'delivery-failed';
    } catch (err) {
      task.deliveries.push({ at, error: (err as Error).message });
      retry = true;
    }
    if (!retry) return;
    if (n >= cfg.deliveryAttempts) {
      task.status = 'delivery-failed';
      return;
    }
    const delayMs = cfg.deliveryBackoffSeconds * 1000 * 2 ** (n - 1);
    clock.setTimer(clock.now() + delayMs, () => attempt(task, decision, n + 1));
  }

  /** Deliver now (first attempt awaited, retries scheduled on the clock). */
  return (task: ReviewTask, decision: ReviewDecision) => attempt(task, decision, 1);
}

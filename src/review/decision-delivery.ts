/**
 * Delivers a review decision to the task's callback URL over HTTP. Network errors and 5xx are
 * retried on the simulator's clock with doubling backoff; a 4xx is final (the receiver said no,
 * e.g. 400 CallbackTimeoutException for a callback already completed), as is running out of attempts.
 * That "already closed" answer to a retry means an earlier attempt did land (its answer was lost,
 * or this process died before recording it), so the task counts as delivered. The task is
 * committed before each POST, so a restarted review system knows what it decided and resumes
 * delivering it (`resume`).
 */
import type { SimulatorContext } from '../core/engine.js';
import type { ReviewDecision, ReviewTask } from '../contracts/review.js';
import { CALLBACK_SIGNATURE_HEADER, signCallbackBody } from '../contracts/callback-signature.js';

/** The runtime's (and AWS's) answer for a callback that is no longer open: 400 CallbackTimeoutException (409 from older runtimes). */
function isCallbackClosed(status: number, body: string): boolean {
  return status === 409 || (status === 400 && body.includes('callback-timeout'));
}

/** `secretOf(taskId)`: the task's callback secret; deliveries are signed with it (X-Callback-Signature). */
export function createDecisionDelivery(ctx: SimulatorContext, save: (task: ReviewTask) => void, secretOf: (taskId: string) => string | undefined) {
  const { clock } = ctx;
  const cfg = ctx.config.review;
  const backoff = (n: number) => cfg.deliveryBackoffSeconds * 1000 * 2 ** (n - 1);

  async function attempt(task: ReviewTask, decision: ReviewDecision, n: number, afterRestart = false): Promise<void> {
    const at = new Date(clock.now()).toISOString();
    let retry = false;
    save(task);
    ctx.store.commit();
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
      const closed = isCallbackClosed(res.status, await res.text());
      task.deliveries.push({ at, status: res.status });
      if (res.ok || (closed && (n > 1 || afterRestart))) task.status = 'delivered';
      retry = res.status >= 500;
      if (!res.ok && !retry && task.status !== 'delivered') task.status = 'delivery-failed';
    } catch (err) {
      task.deliveries.push({ at, error: (err as Error).message });
      retry = true;
    }
    save(task);
    if (!retry) return;
    if (n >= cfg.deliveryAttempts) {
      task.status = 'delivery-failed';
      return;
    }
    clock.setTimer(clock.now() + backoff(n), () => attempt(task, decision, n + 1, afterRestart));
  }

  return {
    /** Deliver now (first attempt awaited, retries scheduled on the clock). */
    deliver: (task: ReviewTask, decision: ReviewDecision) => attempt(task, decision, 1),
    /**
     * After a restart: go on delivering a decided task whose delivery had not succeeded, as the
     * next attempt, due one backoff after the last one (at once if that has passed).
     */
    resume(task: ReviewTask): void {
      if (task.status !== 'decided' || !task.decision) return;
      const n = task.deliveries.length + 1;
      if (n > cfg.deliveryAttempts) {
        task.status = 'delivery-failed';
        save(task);
        return;
      }
      const last = task.deliveries.at(-1);
      const due = last ? Date.parse(last.at) + backoff(n - 1) : clock.now();
      const decision = task.decision;
      clock.setTimer(due, () => attempt(task, decision, n, true));
    },
  };
}

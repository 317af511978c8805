/**
 * POSTs notification Bundles to a subscription's endpoint through `ctx.fetch`, with the
 * subscription's `channel.header`s. Event notifications that meet a 5xx or a network error are
 * retried on the simulator clock with doubling backoff; a 4xx is final (the receiver said no),
 * as is running out of attempts or the subscription being deleted meanwhile.
 */
import type { NotificationConfig } from '../../contracts/payer-config.js';
import type { SimulatorContext } from '../../core/engine.js';
import { FHIR_JSON } from '../../core/operation-outcome.js';
import type { SubscriptionRecord } from './subscription-store.js';
import { CALLBACK_SIGNATURE_HEADER, signCallbackBody } from '../../contracts/callback-signature.js';

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/** Real milliseconds a receiver gets to answer one POST (not clock time: the socket is real). */
const REQUEST_TIMEOUT_MS = 10_000;

export class NotificationSender {
  constructor(
    private readonly ctx: SimulatorContext,
    private readonly config: NotificationConfig,
  ) {}

  /** One POST; never throws. */
  async post(sub: SubscriptionRecord, body: string): Promise<DeliveryResult> {
    try {
      const secret = sub.settings.callbackSecret;
      const signature: Record<string, string> = secret ? { [CALLBACK_SIGNATURE_HEADER]: await signCallbackBody(secret, body) } : {};
      const res = await this.ctx.fetch(sub.settings.endpoint, {
        method: 'POST',
        headers: { ...sub.settings.headers, 'content-type': `${FHIR_JSON}; charset=utf-8`, ...signature },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      return { ok: res.ok, status: res.status };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  /** Send an event notification (a serialized Bundle): first attempt now (awaited), retries scheduled on the clock. */
  deliver(sub: SubscriptionRecord, body: string): Promise<void> {
    return this.attempt(sub, body, 1);
  }

  private async attempt(sub: SubscriptionRecord, body: string, n: number): Promise<void> {
    if (sub.status === 'off') return;
    const result = await this.post(sub, body);
    const retryable = !result.ok && (result.status === undefined || result.status >= 500);
    if (!retryable || n >= this.config.maxAttempts) return;
    const { clock } = this.ctx;
    const delayMs = this.config.retryBackoffSeconds * 1000 * 2 ** (n - 1);
    clock.setTimer(clock.now() + delayMs, () => this.attempt(sub, body, n + 1));
  }
}

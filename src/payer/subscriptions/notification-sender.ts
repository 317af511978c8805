/**
 * POSTs notification Bundles to a subscription's endpoint through `ctx.fetch`, with the
 * subscription's `channel.header`s. Retrying event notifications is the outbox's job
 * (subscription-notifier.ts), so that retries survive a restart.
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
}

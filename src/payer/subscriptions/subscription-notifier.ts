/**
 * Turns claim decisions into event notifications. A claim that was pended at submission has its
 * pended ClaimResponse kept; when its last pended item is decided, every active subscription
 * whose filters match gets one event, shaped by the notification chaos (drop, delay, duplicate,
 * reorder, stale) and scheduled on the clock, so a virtual `advance` delivers it before it resolves.
 * Claims decided at submission are not notified: the submitter already has the answer.
 */
import type { PasClaimResponse } from '../../contracts/pas.js';
import type { PayerConfig } from '../../contracts/payer-config.js';
import type { SimulatorContext } from '../../core/engine.js';
import { isPended, type ClaimRecord, type ClaimStore } from '../claim-store.js';
import { buildClaimResponse, buildResponseBundle } from '../response-builder.js';
import { buildNotification, type NotificationEvent } from './notification-builder.js';
import { NotificationChaos, planNotifications, type PlannedNotification } from './notification-chaos.js';
import type { NotificationSender } from './notification-sender.js';
import type { SubscriptionRecord, SubscriptionStore } from './subscription-store.js';

interface Deps {
  ctx: SimulatorContext;
  config: PayerConfig;
  claims: ClaimStore;
  subscriptions: SubscriptionStore;
  sender: NotificationSender;
}

/** Listen to `claims` for the payer's lifetime (one simulator generation). */
export function startSubscriptionNotifier({ ctx, config, claims, subscriptions, sender }: Deps): void {
  const chaos = new NotificationChaos(config.notifications, ctx.rng.fork('payer.notifications'));
  const pendedResponses = new Map<string, PasClaimResponse>();
  const gapMs = config.notifications.gapSeconds * 1000;

  function notify(sub: SubscriptionRecord, claim: ClaimRecord, pended: PasClaimResponse): void {
    const decidedAt = ctx.clock.now();
    const decision = chaos.decide();
    if (decision.drop) ctx.ledger.recordNotification(claim.businessKey, 'dropped');
    const entries = buildResponseBundle(claim, config, sub.origin, decidedAt).entry;
    const staleEntries = [{ ...entries[0], resource: pended }, ...entries.slice(1)];
    let finalBody: string | undefined;

    const send = async (p: PlannedNotification) => {
      if (sub.status !== 'active') return;
      const old = p.role === 'interim' || p.role === 'stale';
      const event: NotificationEvent = {
        eventNumber: p.eventNumber,
        occurredAt: old ? claim.createdAt : claim.updatedAt,
        focus: entries[0].fullUrl!,
        entries: old ? staleEntries : entries,
      };
      const body = p.role === 'duplicate' && finalBody ? finalBody : JSON.stringify(buildNotification(sub, 'event-notification', ctx.clock.now(), event));
      if (p.role === 'final') finalBody = body;
      ctx.ledger.recordNotification(claim.businessKey, p.role === 'duplicate' ? 'duplicated' : 'sent');
      await sender.deliver(sub, body);
    };
    for (const p of planNotifications(decision, () => subscriptions.nextEvent(sub), gapMs)) {
      ctx.clock.setTimer(decidedAt + p.offsetMs, () => send(p));
    }
  }

  claims.onDecision(({ claim, kind }) => {
    if (kind === 'submitted') {
      if (isPended(claim)) pendedResponses.set(claim.id, structuredClone(buildClaimResponse(claim, config)));
      return;
    }
    const pended = pendedResponses.get(claim.id);
    if (!pended || isPended(claim)) return;
    pendedResponses.delete(claim.id);
    for (const sub of subscriptions.matching(claim)) notify(sub, claim, pended);
  });
}

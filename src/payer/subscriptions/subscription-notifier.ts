/**
 * Turns claim decisions into event notifications. A claim that was pended at submission has its
 * pended state kept (its decisions then, not the rendered ClaimResponse: a pend can last days
 * and most claims have no subscriber); when its last pended item is decided, every active subscription
 * whose filters match gets one event, shaped by the notification chaos (drop, delay, duplicate,
 * reorder, stale) and scheduled on the clock, so a virtual `advance` delivers it before it resolves.
 * Claims decided at submission are not notified: the submitter already has the answer.
 *
 * Every planned notification is an outbox row until it is delivered, refused (4xx) or out of
 * attempts: a restarted payer sends what is still due and retries what failed. The row (with
 * its body, once built) is committed before each POST, so a resend after a crash carries the
 * same bytes and is counted once in the ledger.
 */
import type { PasClaimResponse } from '../../contracts/pas.js';
import type { PayerConfig } from '../../contracts/payer-config.js';
import type { SimulatorContext } from '../../core/engine.js';
import { isPended, type ClaimRecord, type ClaimStore } from '../claim-store.js';
import type { ItemDecision } from '../adjudicator.js';
import { buildClaimResponse, buildResponseBundle } from '../response-builder.js';
import { buildNotification, type NotificationEvent } from './notification-builder.js';
import { NotificationChaos, planNotifications, type PlannedNotification } from './notification-chaos.js';
import type { NotificationSender } from './notification-sender.js';
import type { SubscriptionStore } from './subscription-store.js';

interface Deps {
  ctx: SimulatorContext;
  config: PayerConfig;
  claims: ClaimStore;
  subscriptions: SubscriptionStore;
  sender: NotificationSender;
}

/** One notification still to send (or to retry). */
interface OutboxEntry {
  id: string;
  subId: string;
  claimId: string;
  role: PlannedNotification['role'];
  eventNumber: number;
  decidedAt: number;
  /** When the next attempt is due (epoch ms). */
  at: number;
  attempt: number;
  /** The pended ClaimResponse an interim or stale notification carries. */
  pended?: PasClaimResponse;
  /** The serialized notification, once its first attempt built it (a duplicate gets the final's). */
  body?: string;
  /** Counted in the ledger: its first attempt began. */
  counted?: boolean;
}

/** What a pended ClaimResponse is rendered from, besides the claim itself. */
interface PendedState {
  decisions: ItemDecision[];
  updatedAt: number;
}

/** The claim as it stood when it was pended (its submission and identity are unchanged since). */
const asPended = (claim: ClaimRecord, state: PendedState): ClaimRecord => Object.assign(Object.create(claim) as ClaimRecord, state);

/** Listen to `claims` for the payer's lifetime (one simulator generation). */
export function startSubscriptionNotifier({ ctx, config, claims, subscriptions, sender }: Deps): void {
  const counters = ctx.store.table<number>('payer.notification-events');
  const chaos = new NotificationChaos(config.notifications, ctx.rng.fork('payer.notifications'), counters.get('decided') ?? 0);
  const pendedStates = ctx.store.table<PendedState>('payer.pended-states');
  // rows a payer wrote before pended states replaced rendered responses
  const pendedResponses = ctx.store.table<PasClaimResponse>('payer.pended-responses');
  const outbox = ctx.store.table<OutboxEntry>('payer.outbox');
  const gapMs = config.notifications.gapSeconds * 1000;
  const { maxAttempts, retryBackoffSeconds } = config.notifications;

  function build(entry: OutboxEntry): string | undefined {
    const sub = subscriptions.get(entry.subId);
    const claim = claims.get(entry.claimId);
    if (!sub || !claim) return undefined;
    const entries = buildResponseBundle(claim, config, sub.origin, entry.decidedAt).entry;
    const old = entry.role === 'interim' || entry.role === 'stale';
    const event: NotificationEvent = {
      eventNumber: entry.eventNumber,
      occurredAt: old ? claim.createdAt : claim.updatedAt,
      focus: entries[0].fullUrl!,
      entries: old ? [{ ...entries[0], resource: entry.pended }, ...entries.slice(1)] : entries,
    };
    return JSON.stringify(buildNotification(sub, 'event-notification', ctx.clock.now(), event));
  }

  async function send(entry: OutboxEntry): Promise<void> {
    const sub = subscriptions.get(entry.subId);
    const first = !entry.counted;
    if (!sub || (first ? sub.status !== 'active' : sub.status === 'off')) {
      outbox.delete(entry.id);
      return;
    }
    if (first) {
      entry.body ??= build(entry);
      if (entry.body === undefined) return void outbox.delete(entry.id);
      entry.counted = true;
      // a duplicate repeats the final notification byte for byte
      if (entry.role === 'final') {
        const dup = outbox.get(`${entry.id.slice(0, -'final'.length)}duplicate`);
        if (dup && dup.body === undefined) {
          dup.body = entry.body;
          outbox.touch(dup.id);
        }
      }
      const claim = claims.get(entry.claimId)!;
      ctx.ledger.recordNotification(claim.businessKey, entry.role === 'duplicate' ? 'duplicated' : 'sent');
      outbox.touch(entry.id);
    }
    ctx.store.commit();
    const result = await sender.post(sub, entry.body!);
    const retryable = !result.ok && (result.status === undefined || result.status >= 500);
    if (!retryable || entry.attempt >= maxAttempts || !outbox.has(entry.id)) {
      outbox.delete(entry.id);
      return;
    }
    entry.at = ctx.clock.now() + retryBackoffSeconds * 1000 * 2 ** (entry.attempt - 1);
    entry.attempt += 1;
    outbox.touch(entry.id);
    ctx.clock.setTimer(entry.at, () => send(entry));
  }

  // duplicates carry the final's body: when both are still to send, the final goes first
  if (ctx.restored) for (const entry of outbox.values()) ctx.clock.setTimer(entry.at, () => send(entry));

  claims.onDecision(({ claim, kind }) => {
    if (kind === 'submitted') {
      if (isPended(claim)) pendedStates.set(claim.id, { decisions: structuredClone(claim.decisions), updatedAt: claim.updatedAt });
      return;
    }
    const state = pendedStates.get(claim.id);
    const legacy = state ? undefined : pendedResponses.get(claim.id);
    if ((!state && !legacy) || isPended(claim)) return;
    pendedStates.delete(claim.id);
    pendedResponses.delete(claim.id);
    const matching = subscriptions.matching(claim);
    const pended = legacy ?? (matching.length ? buildClaimResponse(asPended(claim, state!), config) : undefined);
    for (const sub of matching) {
      const decidedAt = ctx.clock.now();
      const decision = chaos.decide();
      counters.set('decided', chaos.decided);
      if (decision.drop) ctx.ledger.recordNotification(claim.businessKey, 'dropped');
      for (const p of planNotifications(decision, () => subscriptions.nextEvent(sub), gapMs)) {
        const old = p.role === 'interim' || p.role === 'stale';
        const id = `${claim.id}/${sub.id}/${p.eventNumber}/${p.role}`;
        const entry: OutboxEntry = { id, subId: sub.id, claimId: claim.id, role: p.role, eventNumber: p.eventNumber, decidedAt, at: decidedAt + p.offsetMs, attempt: 1, ...(old ? { pended } : {}) };
        outbox.set(id, entry);
        ctx.clock.setTimer(entry.at, () => send(entry));
      }
    }
  });
}

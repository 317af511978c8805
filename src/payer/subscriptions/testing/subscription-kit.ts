/**
 * Test helpers for payer Subscriptions: a simulator on a virtual clock whose payer pends lumbar
 * MRIs for an hour then certifies them, the Subscription body a client sends, and readers for
 * what a receiver got. Tests bring the real HTTP receiver (test/support), which src/ must not import.
 */
import { readReviewAction } from '../../../contracts/pas.js';
import type { PayerConfigInput } from '../../../contracts/payer-config.js';
import { BackportUrls, PAS_DECISION_TOPIC, readNotification, SubscriptionSchema, type ReadNotification, type Subscription } from '../../../contracts/subscription.js';
import { VirtualClock } from '../../../core/clock.js';
import { createSimulator, type Simulator } from '../../../simulator.js';
import { meetsCriteria, pasBundle } from '../../testing/pas-fixtures.js';
import { BASE, submitOk } from '../../testing/payer-client.js';

export const PEND_HOUR = { '72148': { decision: 'A4' as const, pendSeconds: 3600, finalDecision: 'A1' as const } };
export const HOUR = 3600_000;

/** What the tests read back: the requests a receiver got (structurally test/support's HttpReceiver). */
export interface Received {
  received: { url: string; body: string }[];
}

/** A simulator on a virtual clock whose payer pends CPT 72148 for an hour, then certifies it (A1). */
export function createKit(payer: PayerConfigInput = {}, seed = 7): { sim: Simulator; clock: VirtualClock } {
  const clock = new VirtualClock();
  return { sim: createSimulator({ config: { seed, payer: { rules: PEND_HOUR, ...payer } }, clock }), clock };
}

export interface SubscriptionOptions {
  filters?: string[];
  content?: string;
  headers?: string[];
  heartbeatSeconds?: number;
}

/** The R4 Backport Subscription a client POSTs. */
export function subscriptionBody(endpoint: string, o: SubscriptionOptions = {}): Record<string, unknown> {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'pended prior authorization decisions',
    criteria: PAS_DECISION_TOPIC,
    ...(o.filters ? { _criteria: { extension: o.filters.map((f) => ({ url: BackportUrls.filterCriteria, valueString: f })) } } : {}),
    channel: {
      type: 'rest-hook',
      endpoint,
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: BackportUrls.payloadContent, valueCode: o.content ?? 'full-resource' }] },
      ...(o.headers ? { header: o.headers } : {}),
      ...(o.heartbeatSeconds ? { extension: [{ url: BackportUrls.heartbeatPeriod, valueUnsignedInt: o.heartbeatSeconds }] } : {}),
    },
  };
}

export function postSubscription(sim: Simulator, body: unknown): Promise<Response> {
  return sim.handle(new Request(`${BASE}/Subscription`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) }));
}

/** Create a subscription and expect 201. */
export async function subscribe(sim: Simulator, endpoint: string, o: SubscriptionOptions = {}): Promise<Subscription> {
  const res = await postSubscription(sim, subscriptionBody(endpoint, o));
  const text = await res.text();
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${text}`);
  return SubscriptionSchema.parse(JSON.parse(text));
}

/** Submit a lumbar MRI claim (pended for an hour under PEND_HOUR) with this Claim.identifier value. */
export function submitClaim(sim: Simulator, claimId: string, patientId = 'pat-1') {
  return submitOk(sim, pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri'), claimId, patientId }));
}

/** Everything the receiver got, parsed. */
export const notifications = (r: Received): ReadNotification[] => r.received.map((x) => readNotification(JSON.parse(x.body)));
export const events = (r: Received) => notifications(r).filter((n) => n.type === 'event-notification');
/** `[eventNumber, review action code of item 1]` per event notification, in arrival order. */
export const eventSummary = (r: Received) =>
  events(r).map((n) => [n.eventNumber, n.claimResponse && readReviewAction(n.claimResponse.item[0]!).code]);

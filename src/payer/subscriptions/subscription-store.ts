/**
 * The payer's Subscriptions: deterministic ids from the `payer.subscriptions` stream, status,
 * per-subscription event counters (`events-since-subscription-start`) and the heartbeat timer.
 * A deleted subscription is gone (read and delete answer 404); timers it left are cancelled.
 * Records live in a state table (without their timer handle, which belongs to this process).
 */
import { BackportUrls, CALLBACK_SECRET_EXTENSION, type Subscription, type SubscriptionCreate, type SubscriptionStatusCode } from '../../contracts/subscription.js';
import type { TimerHandle } from '../../core/clock.js';
import type { Rng } from '../../core/rng.js';
import { createStateStore, type Codec, type StateStore } from '../../core/store/state-store.js';
import type { ClaimRecord } from '../claim-store.js';
import { matchesFilters } from './subscription-filter.js';
import type { SubscriptionSettings } from './subscription-request.js';

export type SubscriptionId = string & { readonly __brand: 'SubscriptionId' };

export interface SubscriptionRecord {
  readonly id: SubscriptionId;
  readonly input: SubscriptionCreate;
  readonly settings: SubscriptionSettings;
  /** Absolute base of the payer's FHIR API as the client addressed it (for references in notifications). */
  readonly fhirBase: string;
  /** scheme://host the client addressed (for the fullUrls of response Bundle entries). */
  readonly origin: string;
  /** The client that created it (client-identity.ts): it hears only of that client's claims. */
  readonly client: string;
  status: SubscriptionStatusCode;
  error?: string;
  /** Events generated so far, delivered or not (not counting handshakes and heartbeats). */
  eventCount: number;
  heartbeat?: TimerHandle;
}

const subscriptionCodec: Codec<SubscriptionRecord> = {
  encode: ({ heartbeat: _timer, ...rest }) => rest,
  decode: (raw) => raw as SubscriptionRecord,
};

export class SubscriptionStore {
  private readonly subs;

  constructor(private readonly rng: Rng, store: StateStore = createStateStore()) {
    this.subs = store.table<SubscriptionRecord>('payer.subscriptions', subscriptionCodec);
  }

  /** Every stored subscription, in creation order. */
  all(): SubscriptionRecord[] {
    return [...this.subs.values()];
  }

  /** The record changed in place (status, error): keep the change. */
  save(sub: SubscriptionRecord): void {
    this.subs.touch(sub.id);
  }

  create(input: SubscriptionCreate, settings: SubscriptionSettings, origin: string, client: string): SubscriptionRecord {
    let id: SubscriptionId;
    do id = `sub-${this.rng.hex(4)}` as SubscriptionId;
    while (this.subs.has(id));
    const record: SubscriptionRecord = { id, input, settings, origin, client, fhirBase: `${origin}/payer/fhir`, status: 'requested', eventCount: 0 };
    this.subs.set(id, record);
    return record;
  }

  get(id: string): SubscriptionRecord | undefined {
    return this.subs.get(id);
  }

  /** Remove and mark `off`, so retries and heartbeats still scheduled for it stop. */
  remove(id: string): SubscriptionRecord | undefined {
    const sub = this.subs.get(id);
    if (!sub) return undefined;
    this.subs.delete(sub.id);
    sub.status = 'off';
    return sub;
  }

  /** Active subscriptions of the claim's client whose filters match this claim, in creation order. */
  matching(claim: ClaimRecord): SubscriptionRecord[] {
    return [...this.subs.values()].filter((s) => s.status === 'active' && s.client === claim.client && matchesFilters(s.settings.filters, claim));
  }

  /** Allocate the next event number of `sub`. */
  nextEvent(sub: SubscriptionRecord): number {
    sub.eventCount += 1;
    this.subs.touch(sub.id);
    return sub.eventCount;
  }
}

/** The Subscription resource as read back: the request as posted, with id, status and error. */
export function toSubscriptionResource(sub: SubscriptionRecord): Subscription {
  const { error: _ignored, ...input } = sub.input as SubscriptionCreate & { error?: string };
  // the callback secret goes to the payer only: never echoed
  const extension = input.channel.extension?.filter((e) => e.url !== CALLBACK_SECRET_EXTENSION);
  const { extension: _secret, ...channel } = input.channel;
  return {
    ...input,
    channel: { ...channel, ...(extension?.length ? { extension } : {}) },
    reason: input.reason ?? 'prior-auth-sim payer: pended decisions', // 1..1 in R4
    id: sub.id,
    meta: { profile: [BackportUrls.subscriptionProfile] },
    status: sub.status,
    ...(sub.error ? { error: sub.error } : {}),
  };
}

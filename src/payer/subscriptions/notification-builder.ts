/**
 * Builds R4 Backport notification Bundles: `history`, first entry the SubscriptionStatus as
 * Parameters (subscription, topic, status, type, events-since-subscription-start and, for
 * events, notification-event with event-number, timestamp and focus), then the payload
 * resources per `backport-payload-content`. Ids are derived from the subscription and event,
 * so the same notification always has the same ids.
 */
import { createHash } from 'node:crypto';
import type { BundleEntrySchema } from '../../contracts/fhir-base.js';
import { BackportUrls, type SubscriptionNotification, type SubscriptionStatusParameters } from '../../contracts/subscription.js';
import type { z } from 'zod';
import type { SubscriptionRecord } from './subscription-store.js';

type Entry = z.infer<typeof BundleEntrySchema>;

export interface NotificationEvent {
  eventNumber: number;
  /** When the event happened on the server (epoch ms). */
  occurredAt: number;
  /** fullUrl of the focus resource (the ClaimResponse). */
  focus: string;
  /** The ClaimResponse entry first, then the resources it references. */
  entries: Entry[];
}

const iso = (t: number) => new Date(t).toISOString();

/** A stable UUID-shaped name for `parts` (the same notification gets the same urn:uuid). */
function stableUuid(...parts: (string | number)[]): string {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Parameter = SubscriptionStatusParameters['parameter'][number];

function statusParameters(sub: SubscriptionRecord, type: string, now: number, since: number, event?: NotificationEvent): SubscriptionStatusParameters {
  const status = type === 'handshake' ? 'requested' : 'active';
  const parameter: Parameter[] = [
    { name: 'subscription', valueReference: { reference: `${sub.fhirBase}/Subscription/${sub.id}` } },
    { name: 'topic', valueCanonical: sub.settings.topic },
    { name: 'status', valueCode: status },
    { name: 'type', valueCode: type },
    { name: 'events-since-subscription-start', valueString: String(since) },
  ];
  if (event) {
    const part: NonNullable<Parameter['part']> = [
      { name: 'event-number', valueString: String(event.eventNumber) },
      { name: 'timestamp', valueInstant: iso(event.occurredAt) },
    ];
    if (sub.settings.content !== 'empty') part.push({ name: 'focus', valueReference: { reference: event.focus } });
    parameter.push({ name: 'notification-event', part });
  }
  return { resourceType: 'Parameters', id: stableUuid(sub.id, type, since, now), meta: { profile: [BackportUrls.statusProfile] }, parameter };
}

/**
 * A handshake, heartbeat or event notification for `sub`, stamped `now`.
 * @example buildNotification(sub, 'event-notification', clock.now(), { eventNumber: 1, occurredAt, focus, entries })
 */
export function buildNotification(sub: SubscriptionRecord, type: 'handshake' | 'heartbeat' | 'event-notification', now: number, event?: NotificationEvent): SubscriptionNotification {
  const since = event?.eventNumber ?? sub.eventCount;
  const params = statusParameters(sub, type, now, since, event);
  const payload = event && sub.settings.content === 'full-resource'
    ? event.entries.map((e, i) => ({
      ...e,
      request: i === 0 ? { method: 'PUT', url: `ClaimResponse/${e.resource?.id}` } : { method: 'GET', url: `${e.resource?.resourceType}/${e.resource?.id}` },
      response: { status: '200' },
    }))
    : [];
  return {
    resourceType: 'Bundle',
    id: `${sub.id}-${type}-${since}-${now}`,
    meta: { profile: [BackportUrls.notificationProfile] },
    type: 'history',
    timestamp: iso(now),
    entry: [
      {
        fullUrl: `urn:uuid:${params.id}`,
        resource: params,
        request: { method: 'GET', url: `${sub.fhirBase}/Subscription/${sub.id}/$status` },
        response: { status: '200' },
      },
      ...payload,
    ],
  };
}

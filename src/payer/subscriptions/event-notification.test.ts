import { readReviewAction } from '../../contracts/pas.js';
import { readNotification, SubscriptionNotificationSchema } from '../../contracts/subscription.js';
import { BASE } from '../testing/payer-client.js';
import { createKit, events, eventSummary, HOUR, notifications, submitClaim, subscribe } from './testing/subscription-kit.js';
import { startHttpReceiver } from '../../../test/support/http-receiver.js';
import type { PayerConfigInput } from '../../contracts/payer-config.js';

/** The kit plus a real HTTP receiver. */
async function startKit(payer: PayerConfigInput = {}, seed = 7) {
  return { ...createKit(payer, seed), receiver: await startHttpReceiver() };
}
type Kit = Awaited<ReturnType<typeof startKit>>;

const CLAIM_SYSTEM = 'urn:trnorg:1234567890';

describe('payer event notifications', () => {
  let kit: Kit;
  afterEach(() => kit.receiver.close());

  it('notifies a pended claim\'s final decision once, as a full-resource history Bundle', async () => {
    kit = await startKit();
    const sub = await subscribe(kit.sim, kit.receiver.url);
    const submitted = await submitClaim(kit.sim, 'CLM-A');
    expect(readReviewAction(submitted.entry[0].resource.item[0]!).code).toBe('A4');
    await kit.clock.advance(HOUR - 1);
    expect(events(kit.receiver)).toHaveLength(0);

    await kit.clock.advance(1);
    expect(events(kit.receiver)).toHaveLength(1);
    const raw = JSON.parse(kit.receiver.received.at(-1)!.body) as unknown;
    const bundle = SubscriptionNotificationSchema.parse(raw);
    expect(bundle).toMatchObject({ type: 'history', timestamp: '2026-01-05T10:00:00.000Z' });
    expect(bundle.entry.slice(1).map((e) => e.resource?.resourceType)).toEqual(['ClaimResponse', 'Patient', 'Organization', 'Practitioner']);

    const n = readNotification(raw);
    const crId = submitted.entry[0].resource.id;
    expect(n).toMatchObject({
      type: 'event-notification', status: 'active', eventNumber: 1, eventsSinceSubscriptionStart: 1,
      subscription: `${BASE}/Subscription/${sub.id}`, timestamp: '2026-01-05T10:00:00.000Z', focus: `${BASE}/ClaimResponse/${crId}`,
    });
    expect(bundle.entry[1]!.fullUrl).toBe(n.focus);
    expect(n.claimResponse!.request.identifier).toEqual({ system: CLAIM_SYSTEM, value: 'CLM-A' });
    expect(n.claimResponse!.outcome).toBe('complete');
    expect(readReviewAction(n.claimResponse!.item[0]!).code).toBe('A1');
    expect(kit.sim.ledger.get(`${CLAIM_SYSTEM}|CLM-A`)).toMatchObject({ notificationsSent: 1, notificationsDropped: 0, notificationsDuplicated: 0 });

    await kit.clock.advance(24 * HOUR);
    expect(events(kit.receiver)).toHaveLength(1);
  });

  it('does not notify claims decided at submission', async () => {
    kit = await startKit({ rules: {} });
    await subscribe(kit.sim, kit.receiver.url);
    await submitClaim(kit.sim, 'CLM-NOW');
    await kit.clock.advance(48 * HOUR);
    expect(events(kit.receiver)).toHaveLength(0);
  });

  it('filters by Claim identifier and by patient', async () => {
    kit = await startKit();
    await subscribe(kit.sim, `${kit.receiver.url}/by-id`, { filters: [`ClaimResponse?request.identifier=${CLAIM_SYSTEM}|CLM-1`] });
    await subscribe(kit.sim, `${kit.receiver.url}/by-patient`, { filters: ['ClaimResponse?patient=Patient/pat-2'] });
    await submitClaim(kit.sim, 'CLM-1', 'pat-1');
    await submitClaim(kit.sim, 'CLM-2', 'pat-2');
    await kit.clock.advance(HOUR);
    const byPath = (p: string) => kit.receiver.received.filter((r) => r.url === p).map((r) => readNotification(JSON.parse(r.body))).filter((x) => x.type === 'event-notification');
    expect(byPath('/by-id').map((x) => x.claimResponse?.request.identifier?.value)).toEqual(['CLM-1']);
    expect(byPath('/by-patient').map((x) => x.claimResponse?.request.identifier?.value)).toEqual(['CLM-2']);
  });

  it('retries a 5xx receiver with doubling backoff on the clock, and stops at a 4xx', async () => {
    kit = await startKit({ notifications: { retryBackoffSeconds: 30 } });
    await subscribe(kit.sim, kit.receiver.url);
    await submitClaim(kit.sim, 'CLM-R');
    kit.receiver.respondWith.push(503, 502);
    await kit.clock.advance(HOUR);
    expect(events(kit.receiver)).toHaveLength(1);
    await kit.clock.advance(29_999);
    expect(events(kit.receiver)).toHaveLength(1);
    await kit.clock.advance(1);
    expect(events(kit.receiver)).toHaveLength(2);
    await kit.clock.advance(60_000);
    expect(events(kit.receiver)).toHaveLength(3);
    await kit.clock.advance(HOUR);
    expect(events(kit.receiver)).toHaveLength(3);
    expect(new Set(kit.receiver.received.slice(1).map((r) => r.body)).size).toBe(1);
    expect(kit.sim.ledger.get(`${CLAIM_SYSTEM}|CLM-R`)?.notificationsSent).toBe(1);

    await submitClaim(kit.sim, 'CLM-4XX');
    kit.receiver.respondWith.push(410);
    await kit.clock.advance(2 * HOUR);
    expect(events(kit.receiver)).toHaveLength(4);
  });

  it('sends nothing more after the subscription is deleted', async () => {
    kit = await startKit();
    const sub = await subscribe(kit.sim, kit.receiver.url);
    await submitClaim(kit.sim, 'CLM-D');
    await kit.sim.handle(new Request(`${BASE}/Subscription/${sub.id}`, { method: 'DELETE' }));
    await kit.clock.advance(2 * HOUR);
    expect(events(kit.receiver)).toHaveLength(0);
  });

  it('numbers events per subscription and sends id-only payloads without resources', async () => {
    kit = await startKit();
    await subscribe(kit.sim, kit.receiver.url, { content: 'id-only' });
    await submitClaim(kit.sim, 'CLM-X');
    await kit.clock.advance(HOUR / 2);
    await submitClaim(kit.sim, 'CLM-Y');
    await kit.clock.advance(2 * HOUR);
    const got = events(kit.receiver);
    expect(got.map((n) => n.eventNumber)).toEqual([1, 2]);
    expect(got.every((n) => n.focus?.startsWith(`${BASE}/ClaimResponse/`) && !n.claimResponse)).toBe(true);
  });

  it('sends heartbeats on the clock while active', async () => {
    kit = await startKit();
    const sub = await subscribe(kit.sim, kit.receiver.url, { heartbeatSeconds: 600 });
    await kit.clock.advance(HOUR);
    expect(notifications(kit.receiver).map((n) => n.type)).toEqual(['handshake', ...Array(6).fill('heartbeat')]);
    await kit.sim.handle(new Request(`${BASE}/Subscription/${sub.id}`, { method: 'DELETE' }));
    await kit.clock.advance(HOUR);
    expect(kit.receiver.received).toHaveLength(7);
    expect(eventSummary(kit.receiver)).toEqual([]);
  });
});

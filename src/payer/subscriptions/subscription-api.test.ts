import { OperationOutcomeSchema } from '../../contracts/fhir-base.js';
import { BackportUrls, PAS_DECISION_TOPIC, SubscriptionSchema } from '../../contracts/subscription.js';
import { BASE } from '../testing/payer-client.js';
import { createKit, notifications, postSubscription, subscribe, subscriptionBody } from './testing/subscription-kit.js';
import { startHttpReceiver } from '../../../test/support/http-receiver.js';
import type { PayerConfigInput } from '../../contracts/payer-config.js';

/** The kit plus a real HTTP receiver. */
async function startKit(payer: PayerConfigInput = {}, seed = 7) {
  return { ...createKit(payer, seed), receiver: await startHttpReceiver() };
}
type Kit = Awaited<ReturnType<typeof startKit>>;

const issueOf = async (res: Response) => OperationOutcomeSchema.parse(await res.json()).issue[0]!;

describe('payer Subscription API', () => {
  let kit: Kit;
  afterEach(() => kit.receiver.close());

  it('creates a rest-hook subscription after a handshake, reads it, and deletes it', async () => {
    kit = await startKit();
    const res = await postSubscription(kit.sim, subscriptionBody(`${kit.receiver.url}/hook`, { headers: ['Authorization: Bearer s3cret'] }));
    expect(res.status).toBe(201);
    const sub = SubscriptionSchema.parse(await res.json());
    expect(sub).toMatchObject({ status: 'active', criteria: PAS_DECISION_TOPIC, channel: { type: 'rest-hook' } });
    expect(res.headers.get('location')).toBe(`${BASE}/Subscription/${sub.id}`);

    expect(kit.receiver.received).toHaveLength(1);
    const [handshake] = kit.receiver.received;
    expect(handshake!.url).toBe('/hook');
    expect(handshake!.headers.authorization).toBe('Bearer s3cret');
    expect(handshake!.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(notifications(kit.receiver)[0]).toMatchObject({ type: 'handshake', status: 'requested', eventsSinceSubscriptionStart: 0, topic: PAS_DECISION_TOPIC, subscription: `${BASE}/Subscription/${sub.id}` });

    const read = await kit.sim.handle(new Request(`${BASE}/Subscription/${sub.id}`));
    expect(SubscriptionSchema.parse(await read.json()).status).toBe('active');
    const del = await kit.sim.handle(new Request(`${BASE}/Subscription/${sub.id}`, { method: 'DELETE' }));
    expect(del.status).toBe(200);
    expect(SubscriptionSchema.parse(await del.json()).status).toBe('off');
    expect((await kit.sim.handle(new Request(`${BASE}/Subscription/${sub.id}`))).status).toBe(404);
    expect((await kit.sim.handle(new Request(`${BASE}/Subscription/${sub.id}`, { method: 'DELETE' }))).status).toBe(404);
  });

  it('assigns the same ids from the same seed', async () => {
    kit = await startKit();
    const a = await subscribe(kit.sim, kit.receiver.url);
    const again = await startKit();
    await again.receiver.close();
    const b = await subscribe(again.sim, kit.receiver.url);
    expect(b.id).toBe(a.id);
    expect(a.id).toMatch(/^sub-[0-9a-f]{8}$/);
  });

  it('sets status error when the handshake fails', async () => {
    kit = await startKit();
    kit.receiver.respondWith.push(500);
    const sub = await subscribe(kit.sim, kit.receiver.url);
    expect(sub.status).toBe('error');
    expect(sub.error).toContain('HTTP 500');
    const unreachable = await subscribe(kit.sim, 'http://127.0.0.1:9/hook');
    expect(unreachable.status).toBe('error');
  });

  it.each([
    ['unknown topic', { criteria: 'http://example.org/SubscriptionTopic/other' }, 'Subscription.criteria', /unknown topic/],
    ['websocket channel', { channel: { type: 'websocket', endpoint: 'http://x.test/' } }, 'Subscription.channel.type', /only "rest-hook"/],
    ['missing endpoint', { channel: { type: 'rest-hook', payload: 'application/fhir+json' } }, 'Subscription.channel.endpoint', /required/],
    ['relative endpoint', { channel: { type: 'rest-hook', endpoint: '/hook' } }, 'Subscription.channel.endpoint', /absolute http/],
    ['missing channel', { channel: undefined }, 'Subscription.channel', /required/],
    ['bad header', { channel: { type: 'rest-hook', endpoint: 'http://x.test/', header: ['no colon'] } }, 'Subscription.channel.header[0]', /Name: value/],
  ])('refuses a %s with 400 naming the path', async (_name, patch, path, message) => {
    kit = await startKit();
    const res = await postSubscription(kit.sim, { ...subscriptionBody(kit.receiver.url), ...patch });
    expect(res.status).toBe(400);
    const issue = await issueOf(res);
    expect(issue.expression).toEqual([path]);
    expect(issue.diagnostics).toMatch(message);
    expect(kit.receiver.received).toHaveLength(0);
  });

  it.each([
    ['Patient?name=x', /filters apply to ClaimResponse/],
    ['ClaimResponse?status=active', /unsupported filter parameter "status"/],
    ['ClaimResponse?patient=', /has no value/],
  ])('refuses the filter %s naming the extension', async (filter, message) => {
    kit = await startKit();
    const res = await postSubscription(kit.sim, subscriptionBody(kit.receiver.url, { filters: ['ClaimResponse?patient=Patient/p', filter] }));
    expect(res.status).toBe(400);
    const issue = await issueOf(res);
    expect(issue.expression).toEqual(['Subscription._criteria.extension[1].valueString']);
    expect(issue.diagnostics).toMatch(message);
  });

  it('refuses an unknown payload content and a too-frequent heartbeat', async () => {
    kit = await startKit();
    const content = await issueOf(await postSubscription(kit.sim, subscriptionBody(kit.receiver.url, { content: 'everything' })));
    expect(content.expression).toEqual(['Subscription.channel._payload.extension[0].valueCode']);
    const heartbeat = await issueOf(await postSubscription(kit.sim, subscriptionBody(kit.receiver.url, { heartbeatSeconds: 5 })));
    expect(heartbeat.expression).toEqual(['Subscription.channel.extension[0].valueUnsignedInt']);
  });

  it('without webhooks: no Subscription in the CapabilityStatement, and creation refused as not-supported', async () => {
    kit = await startKit({ webhooks: false });
    const cs = (await (await kit.sim.handle(new Request(`${BASE}/metadata`))).json()) as { description: string; rest: { resource: { type: string }[] }[] };
    expect(cs.rest[0]!.resource.map((r) => r.type)).not.toContain('Subscription');
    expect(cs.description).toMatch(/Subscriptions are not supported.*poll Claim\/\$inquire/);
    const res = await postSubscription(kit.sim, subscriptionBody(kit.receiver.url));
    expect(res.status).toBe(400);
    const issue = await issueOf(res);
    expect(issue).toMatchObject({ code: 'not-supported', diagnostics: 'this payer does not support Subscriptions; poll Claim/$inquire' });
    expect(kit.receiver.received).toHaveLength(0);
  });

  it('with webhooks: lists Subscription with the backport profile and topic', async () => {
    kit = await startKit();
    const cs = (await (await kit.sim.handle(new Request(`${BASE}/metadata`))).json()) as { rest: { resource: Record<string, unknown>[] }[] };
    const sub = cs.rest[0]!.resource.find((r) => r.type === 'Subscription');
    expect(sub).toMatchObject({
      supportedProfile: [BackportUrls.subscriptionProfile],
      interaction: [{ code: 'create' }, { code: 'read' }, { code: 'delete' }],
    });
    expect(sub!.extension).toContainEqual({ url: BackportUrls.topicCanonical, valueCanonical: PAS_DECISION_TOPIC });
  });
});

/**
 * One test per finding of the hardening review (the issue lists them): each sends what the
 * attacker or careless client sent and asserts the fixed behaviour. The fuzz suite
 * (test/fuzz) covers the same classes broadly; these pin the exact reports.
 */
import { createSimulator } from '../../src/simulator.js';
import { VirtualClock } from '../../src/core/clock.js';
import { pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { signCallbackBody } from '../../src/contracts/callback-signature.js';
import { startE2eEnvironment, type E2eEnvironment } from '../../src/harness/e2e-environment.js';

const BASE = 'http://sim.test';
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const fhir = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/fhir+json', ...headers }, body: JSON.stringify(body) });

describe('finding: one crafted $submit froze every endpoint (super-linear reference regex)', () => {
  it('answers a 1 MiB body whose Claim.provider.reference is crafted for the old regex with a 400 naming the field', async () => {
    const sim = createSimulator();
    const bundle = pasBundle({ claimId: 'REDOS-1' });
    (bundle.entry[0]!.resource as unknown as { provider: { reference: string } }).provider.reference = `${'a'.repeat(1_000_000)}!`;
    const res = await sim.handle(new Request(`${BASE}/payer/fhir/Claim/$submit`, fhir(bundle)));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('Claim.provider');
  });
});

describe('finding: the Host header steered requests and was echoed into links', () => {
  it('builds Bundle.link and fullUrl from the configured public URL, whatever the request URL says', async () => {
    const sim = createSimulator({ config: { publicUrl: 'https://sim.example.org/base/' } });
    const res = await sim.handle(new Request('http://attacker.example/ehr/fhir/Patient?_count=1'));
    const body = await res.json();
    expect(body.link[0].url).toMatch(/^https:\/\/sim\.example\.org\/base\/ehr\/fhir\/Patient/);
    expect(JSON.stringify(body)).not.toContain('attacker.example');
  });
  it('keeps the public URL, admin token and outbound allowlist across a scenario switch', async () => {
    const sim = createSimulator({ config: { publicUrl: 'https://sim.example.org', admin: { token: 'admin-token-0123456789' }, outbound: { allowHosts: ['hooks.example.org'] } } });
    const auth = { authorization: 'Bearer admin-token-0123456789' };
    expect((await sim.handle(new Request(`${BASE}/__admin/scenario`, json({ name: 'happy-path-polling' }, auth)))).status).toBe(200);
    expect(sim.config).toMatchObject({ publicUrl: 'https://sim.example.org', admin: { token: 'admin-token-0123456789' }, outbound: { allowHosts: ['hooks.example.org'] } });
  });
});

describe('finding: nothing was authenticated (admin, outbound calls)', () => {
  it('refuses a text/plain (cross-site form) POST /__admin/reset with 415 and resets nothing', async () => {
    const sim = createSimulator();
    await sim.handle(new Request(`${BASE}/payer/fhir/Claim/$submit`, fhir(pasBundle({ claimId: 'KEEP-1' }))));
    const res = await sim.handle(new Request(`${BASE}/__admin/reset`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }));
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(sim.ledger.totals().claims).toBe(1);
  });
  it('with an admin token, answers every admin call without the bearer token 401 (WWW-Authenticate) and with it as usual', async () => {
    const sim = createSimulator({ config: { admin: { token: 'admin-token-0123456789' } } });
    for (const [method, path] of [['GET', '/__admin/ledger'], ['GET', '/__admin/journal'], ['POST', '/__admin/reset'], ['DELETE', '/__admin/faults']] as const) {
      const res = await sim.handle(new Request(`${BASE}${path}`, { method, headers: { 'content-type': 'application/json', authorization: 'Bearer wrong-token-0123456789' } }));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const ok = await sim.handle(new Request(`${BASE}/__admin/reset`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer admin-token-0123456789' } }));
    expect(ok.status).toBe(200);
    // the simulated systems themselves need no admin token
    expect((await sim.handle(new Request(`${BASE}/ehr/fhir/metadata`))).status).toBe(200);
  });
  it('refuses a Subscription or review task whose endpoint is off the outbound allowlist, without contacting it', async () => {
    const called: string[] = [];
    const sim = createSimulator({ config: { payer: { webhooks: true } }, fetch: async (input) => (called.push(String(input)), new Response('{}')) });
    const sub = await sim.handle(new Request(`${BASE}/payer/fhir/Subscription`, fhir({
      resourceType: 'Subscription', criteria: 'http://prior-auth-sim.dev/SubscriptionTopic/pas-claim-decision',
      channel: { type: 'rest-hook', endpoint: 'http://10.0.0.7:22/', payload: 'application/fhir+json' },
    })));
    expect(sub.status).toBe(422);
    expect((await sub.json()).issue[0].expression).toEqual(['Subscription.channel.endpoint']);
    const task = await sim.handle(new Request(`${BASE}/review/tasks`, json({ callbackId: 'cb-1', executionId: 'e-1', letter: { subject: 's', body: 'b' }, callbackUrl: 'http://169.254.169.254/latest/meta-data' })));
    expect(task.status).toBe(422);
    expect((await task.json()).errors[0].path).toBe('body.callbackUrl');
    expect(called).toEqual([]);
  });
  it('signs review deliveries with the task\'s secret and never lists or returns the secret', async () => {
    const delivered: { url: string; signature: string | null; body: string }[] = [];
    const sim = createSimulator({ clock: new VirtualClock(), fetch: async (input, init) => {
      delivered.push({ url: String(input), signature: new Headers(init?.headers).get('x-callback-signature'), body: String(init?.body) });
      return new Response('{}');
    } });
    const secret = 'per-callback-secret-0123456789';
    const created = await sim.handle(new Request(`${BASE}/review/tasks`, json({ callbackId: 'cb-9', executionId: 'e-9', letter: { subject: 's', body: 'b' }, callbackUrl: 'http://127.0.0.1:9/callbacks/cb-9/succeed', callbackSecret: secret })));
    const task = await created.json();
    const listing = await (await sim.handle(new Request(`${BASE}/review/tasks`))).text();
    const single = await (await sim.handle(new Request(`${BASE}/review/tasks/${task.id}`))).text();
    for (const text of [JSON.stringify(task), listing, single]) expect(text).not.toContain(secret);
    await sim.handle(new Request(`${BASE}/review/tasks/${task.id}/decision`, json({ approved: true, reviewer: 'Dr. A' })));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.signature).toBe(await signCallbackBody(secret, delivered[0]!.body));
  });
});

describe('finding: a forged callback ended an execution REJECTED', () => {
  let env: E2eEnvironment;
  afterEach(() => env?.close());

  it('answers a forged review decision 401 and changes nothing; the review system\'s signed decision completes the callback', async () => {
    env = await startE2eEnvironment({ review: { behaviour: 'manual' } });
    const { executionId } = await env.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148' }, { stopWhen: () => true });
    const before = env.runtime.getExecution(executionId);
    const { tasks } = await (await env.sim.handle(new Request(`${BASE}/review/tasks`))).json();
    expect(tasks).toHaveLength(1);
    const url = `${env.orchestratorUrl}/callbacks/${encodeURIComponent(tasks[0].callbackId)}/succeed`;
    const forgedBody = JSON.stringify({ taskId: tasks[0].id, callbackId: tasks[0].callbackId, executionId, approved: false, reason: 'forged', reviewer: 'mallory', decidedAt: new Date(0).toISOString() });
    const attempts: Record<string, string>[] = [{}, { 'x-callback-signature': await signCallbackBody('guessed-secret-0123456789', forgedBody) }, { 'x-callback-signature': 'v1=' }];
    for (const headers of attempts) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: forgedBody });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const unsignedNotification = await fetch(`${env.orchestratorUrl}/notifications/payer/${encodeURIComponent(tasks[0].callbackId)}`, { method: 'POST', body: '{"resourceType":"Bundle","type":"history","entry":[]}' });
    expect(unsignedNotification.status).toBe(401);
    expect(env.runtime.getExecution(executionId)).toEqual(before);

    const decided = await env.sim.handle(new Request(`${BASE}/review/tasks/${tasks[0].id}/decision`, json({ approved: true, reviewer: 'Dr. Real' })));
    expect((await decided.json()).status).toBe('delivered');
    const review = env.runtime.getExecution(executionId).operations.find((o) => o.name === 'physician-review');
    expect(review?.status).toBe('SUCCEEDED');
  }, 60_000);
});

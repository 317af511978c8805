/**
 * The orchestrator's SMART client against the real simulator with `auth: smart`: discovery,
 * token caching and renewal on the orchestrator's clock, one retry on a 401, refusals as
 * permanent `AuthError`s, the token endpoint down as transient, and clock-skew correction.
 */
import type { FaultRuleInput } from '../../src/contracts/faults.js';
import { VirtualClock } from '../../src/core/clock.js';
import { registerOrchestratorClient } from '../../src/harness/smart-client.js';
import { createSimulator } from '../../src/simulator.js';
import { isRetryable, PermanentError, TransientError } from '../../orchestrator/clients/client-errors.js';
import { createClientKey } from '../../orchestrator/clients/client-key.js';
import { createClients } from '../../orchestrator/clients/clients.js';
import { AuthError } from '../../orchestrator/clients/smart-token-source.js';

const URL_ = 'http://sim.test';

async function setup(faults: FaultRuleInput[] = []) {
  const clock = new VirtualClock();
  const sim = createSimulator({ config: { seed: 3, auth: 'smart', faults }, clock });
  const smart = await registerOrchestratorClient(sim, URL_);
  const calls: string[] = [];
  const clients = createClients({
    ehrUrl: URL_, payerUrl: URL_, reviewUrl: URL_, timeoutMs: 1000,
    fetch: (input, init) => {
      calls.push(`${init.method ?? 'GET'} ${new URL(input).pathname}`);
      return sim.handle(new Request(input, init));
    },
    smart: { ...smart, now: () => clock.now() },
  });
  const tokenRequests = () => calls.filter((c) => c.endsWith('/auth/token')).length;
  return { sim, clock, clients, calls, tokenRequests };
}

describe('SMART token source', () => {
  test('discovers the token endpoint once, caches the token, and renews it after it expires', async () => {
    const s = await setup();
    await s.clients.ehr.readPatient('pat-lumbar-meets');
    await s.clients.ehr.readPatient('pat-knee-meets');
    expect(s.calls.filter((c) => c.includes('.well-known'))).toEqual(['GET /ehr/fhir/.well-known/smart-configuration']);
    expect(s.tokenRequests()).toBe(1);
    await s.clock.advance(280_000); // inside the 30 s refresh margin of a 300 s token
    await s.clients.ehr.readPatient('pat-lumbar-meets');
    expect(s.tokenRequests()).toBe(2);
    expect(s.calls.filter((c) => c.includes('.well-known'))).toHaveLength(1);
  });

  test('forgetting its process state, it discovers and fetches anew, and a fetch begun before is not kept', async () => {
    const s = await setup();
    await s.clients.ehr.readPatient('pat-lumbar-meets');
    expect(s.tokenRequests()).toBe(1);
    // a restart: nothing cached survives
    s.clients.forgetProcessState();
    await s.clients.ehr.readPatient('pat-lumbar-meets');
    expect(s.tokenRequests()).toBe(2);
    expect(s.calls.filter((c) => c.includes('.well-known'))).toHaveLength(2);
    // a token fetch in flight when the process "dies" finishes, but the new process does not use its token
    await s.clock.advance(300_000);
    const dying = s.clients.ehr.readPatient('pat-lumbar-meets');
    s.clients.forgetProcessState();
    await dying;
    const before = s.tokenRequests();
    await s.clients.ehr.readPatient('pat-knee-meets');
    expect(s.tokenRequests()).toBe(before + 1);
  });

  test('on a 401 it fetches a new token and retries once', async () => {
    const s = await setup([{ match: { system: 'ehr', route: '/ehr/fhir/Patient' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'token-expired' } }]);
    await expect(s.clients.ehr.readPatient('pat-lumbar-meets')).resolves.toMatchObject({ id: 'pat-lumbar-meets' });
    expect(s.calls.filter((c) => c.startsWith('GET /ehr/fhir/Patient'))).toHaveLength(2);
    expect(s.tokenRequests()).toBe(2);
  });

  test('a second 401 with a fresh token is permanent', async () => {
    const s = await setup([{ match: { system: 'ehr', route: '/ehr/fhir/Patient' }, schedule: { kind: 'first-n', n: 2 }, fault: { kind: 'http-status', status: 401 } }]);
    const err = await s.clients.ehr.readPatient('pat-lumbar-meets').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/401 again with a fresh access token/);
  });

  test('a revoked key ends in a permanent AuthError carrying invalid_client', async () => {
    const s = await setup([{ match: { system: 'payer', route: '/payer/fhir/Claim/$inquire' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'key-revoked' } }]);
    const err = await s.clients.payer.inquire({ claimIdentifier: { system: 'urn:x', value: 'nope' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(isRetryable(err)).toBe(false);
    expect((err as Error).message).toMatch(/invalid_client: .*revoked/);
  });

  test('the token endpoint down is transient, and works again once it is back', async () => {
    const s = await setup([{ match: { route: '/payer/auth/token' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'http-status', status: 503, retryAfterSeconds: 7 } }]);
    const err = await s.clients.payer.getCapabilities().then(() => s.clients.payer.inquire({ claimIdentifier: { system: 'urn:x', value: 'x' } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ retryAfterSeconds: 7 });
    await expect(s.clients.payer.inquire({ claimIdentifier: { system: 'urn:x', value: 'x' } })).rejects.toMatchObject({ status: 404 });
  });

  test("corrects for a skewed server clock once, from the refusal's Date header", async () => {
    const s = await setup([{ match: { route: '/ehr/auth/token' }, fault: { kind: 'clock-skew', seconds: -900 } }]);
    await expect(s.clients.ehr.readPatient('pat-lumbar-meets')).resolves.toMatchObject({ id: 'pat-lumbar-meets' });
    expect(s.tokenRequests()).toBe(2);
  });

  test('a simulator with auth: none has no SMART configuration: permanent', async () => {
    const sim = createSimulator({ config: { seed: 3 } });
    const clients = createClients({
      ehrUrl: URL_, payerUrl: URL_, reviewUrl: URL_, timeoutMs: 1000, fetch: (i, init) => sim.handle(new Request(i, init)),
      smart: { clientId: 'x', key: await createClientKey(), now: () => sim.clock.now() },
    });
    await expect(clients.ehr.readPatient('pat-lumbar-meets')).rejects.toMatchObject({ status: 404, retryable: false });
  });
});

describe('client keys', () => {
  test('a seeded ES384 key is the same for the same seed and differs between seeds; RS384 is generated', async () => {
    const [a, b, c] = await Promise.all([createClientKey({ seed: 's1' }), createClientKey({ seed: 's1' }), createClientKey({ seed: 's2' })]);
    expect(a.kid).toBe(b.kid);
    expect(a.kid).not.toBe(c.kid);
    expect(a.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384', kid: a.kid });
    expect(a.publicJwk).not.toHaveProperty('d');
    const rsa = await createClientKey({ alg: 'RS384' });
    expect(rsa.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS384' });
    expect(rsa.publicJwk).not.toHaveProperty('d');
  });
});

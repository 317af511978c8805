/**
 * CDS Hooks client JWTs on the payer's CRD hooks (`auth.cdsHooks: jwt`): a valid JWT is accepted
 * and each way one can be wrong is a 401 with a Bearer challenge and a problem body naming the
 * reason; discovery stays open; `open` ignores the header. Keys come from the same registry as
 * SMART clients (or from a registered `jku`).
 */
import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import type { AuthClientInput } from '../contracts/auth.js';
import { CdsHookResponseSchema } from '../contracts/cds-hooks.js';
import type { FaultRuleInput } from '../contracts/faults.js';
import { ProblemSchema } from '../contracts/fhir-base.js';
import { VirtualClock } from '../core/clock.js';
import { createSimulator, type Simulator } from '../simulator.js';
import { draftOrder, hookRequest } from '../payer/testing/crd-fixtures.js';
import { ORIGIN, testKey, type TestKey } from './testing/smart-kit.js';

const SERVICE = `${ORIGIN}/payer/cds-services/crd-order-sign`;
const CLIENT = 'ehr-cds-client';

interface JwtOptions {
  sub?: string;
  iss?: string | null;
  aud?: string | string[];
  /** Seconds from now. */
  exp?: number | null;
  iat?: number | null;
  jti?: string | null;
  alg?: string;
  kid?: string | null;
  jku?: string;
  typ?: string;
  tenant?: unknown;
}

let counter = 0;

async function jwt(key: TestKey, clock: { now(): number }, o: JwtOptions = {}): Promise<string> {
  const now = Math.floor(clock.now() / 1000);
  const payload: Record<string, unknown> = {};
  if (o.jti !== null) payload.jti = o.jti ?? `cds-${++counter}`;
  if (o.iss !== null) payload.iss = o.iss ?? CLIENT;
  if (o.exp !== null) payload.exp = now + (o.exp ?? 240);
  if (o.iat !== null) payload.iat = now + (o.iat ?? 0);
  if (o.tenant !== undefined) payload.tenant = o.tenant;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: o.alg ?? key.alg, typ: o.typ ?? 'JWT', ...(o.kid === null ? {} : { kid: o.kid ?? key.kid }), ...(o.jku ? { jku: o.jku } : {}) })
    .setSubject(o.sub ?? CLIENT).setAudience(o.aud ?? SERVICE)
    .sign(key.privateKey);
}

async function setup(o: { cdsHooks?: 'open' | 'jwt'; client?: Partial<AuthClientInput>; faults?: FaultRuleInput[]; fetch?: typeof fetch } = {}) {
  const key = await testKey('ES384');
  const clock = new VirtualClock();
  const sim: Simulator = createSimulator({
    config: { seed: 3, faults: o.faults ?? [], auth: { cdsHooks: o.cdsHooks ?? 'jwt', clients: [{ clientId: CLIENT, jwks: { keys: [key.publicJwk] }, ...o.client }] } },
    clock, ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  const call = async (authorization?: string, service = 'crd-order-sign') => {
    const res = await sim.handle(new Request(`${ORIGIN}/payer/cds-services/${service}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      body: JSON.stringify(hookRequest('order-sign', [draftOrder('lumbarMri')])),
    }));
    return { status: res.status, challenge: res.headers.get('www-authenticate') ?? '', type: res.headers.get('content-type') ?? '', body: (await res.json()) as unknown };
  };
  return { sim, clock, key, call };
}

/** A refusal: 401, an invalid_token challenge, a problem body whose detail matches `why`. */
function expectRefused(res: { status: number; challenge: string; type: string; body: unknown }, why: RegExp) {
  expect(res.status).toBe(401);
  expect(res.type).toContain('application/problem+json');
  expect(res.challenge).toMatch(/^Bearer realm="prior-auth-sim payer cds-services", error="invalid_token"/);
  const problem = ProblemSchema.parse(res.body);
  expect(problem.detail).toMatch(why);
}

describe('CDS Hooks client JWTs (auth.cdsHooks: jwt)', () => {
  it('accepts a JWT signed by a registered client for this service, and answers the hook', async () => {
    const { clock, key, call } = await setup();
    const res = await call(`Bearer ${await jwt(key, clock, { tenant: 'clinic-1' })}`);
    expect(res.status).toBe(200);
    expect(CdsHookResponseSchema.parse(res.body).cards).toHaveLength(1);
  });

  it('accepts RS384 keys and aud as an array that names the service', async () => {
    const rsa = await testKey('RS384');
    const { clock, call } = await setup({ client: { jwks: { keys: [rsa.publicJwk] } } });
    expect((await call(`Bearer ${await jwt(rsa, clock, { aud: ['http://elsewhere.test/x', SERVICE] })}`)).status).toBe(200);
  });

  it('keeps discovery open', async () => {
    const { sim } = await setup();
    expect((await sim.handle(new Request(`${ORIGIN}/payer/cds-services`))).status).toBe(200);
  });

  it('ignores the Authorization header when the hooks are open', async () => {
    const { call } = await setup({ cdsHooks: 'open' });
    expect((await call()).status).toBe(200);
    expect((await call('Bearer not-a-jwt')).status).toBe(200);
  });

  it('answers 404 for an unknown service before asking for a JWT', async () => {
    const { call } = await setup();
    expect((await call(undefined, 'crd-nope')).status).toBe(404);
    expect((await call(undefined, 'constructor')).status).toBe(404);
  });

  it('refuses a call without Authorization with a bare challenge', async () => {
    const { call } = await setup();
    const res = await call();
    expect(res.status).toBe(401);
    expect(res.challenge).toBe('Bearer realm="prior-auth-sim payer cds-services"');
    const problem = ProblemSchema.parse(res.body);
    expect(problem.detail).toMatch(/requires a signed JWT/);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'Authorization' })]);
  });

  it('refuses a header that is not Bearer, and a token that is not a JWS', async () => {
    const { clock, key, call } = await setup();
    expectRefused(await call(`Basic ${await jwt(key, clock)}`), /must be "Bearer \{JWT\}"/);
    expectRefused(await call('Bearer not.a-jwt'), /not a compact JWS/);
    expectRefused(await call(`Bearer ${'x'.repeat(20_000)}`), /must be "Bearer \{JWT\}"/);
  });

  it('refuses an algorithm other than RS384/ES384, a missing kid and a wrong typ', async () => {
    const { clock, key, call } = await setup();
    const hs = await new SignJWT({ jti: 'h1', iss: CLIENT }).setProtectedHeader({ alg: 'HS256', kid: 'k' }).setSubject(CLIENT).setAudience(SERVICE).setIssuedAt().setExpirationTime('2m')
      .sign(new TextEncoder().encode('a-shared-secret-of-thirty-two-bytes!'));
    expectRefused(await call(`Bearer ${hs}`), /alg must be one of RS384, ES384, got "HS256"/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { kid: null })}`), /must name the signing key \(kid\)/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { typ: 'at+jwt' })}`), /typ must be "JWT"/);
  });

  it('refuses an unknown client, an issuer off the allow-list and a client not registered for the payer', async () => {
    const { clock, key, call } = await setup();
    expectRefused(await call(`Bearer ${await jwt(key, clock, { sub: 'stranger' })}`), /client "stranger" is not registered/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { iss: 'https://evil.test' })}`), /iss "https:\/\/evil.test" is not an issuer/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { iss: null })}`), /iss "\(none\)"/);
    const ehrOnly = await setup({ client: { systems: ['ehr'] } });
    expectRefused(await ehrOnly.call(`Bearer ${await jwt(ehrOnly.key, ehrOnly.clock)}`), /not registered for the payer/);
  });

  it('accepts an issuer URI the registration allows', async () => {
    const { clock, key, call } = await setup({ client: { cdsHooks: { issuers: ['https://ehr.example.org'] } } });
    expect((await call(`Bearer ${await jwt(key, clock, { iss: 'https://ehr.example.org' })}`)).status).toBe(200);
    expectRefused(await call(`Bearer ${await jwt(key, clock)}`), /is not an issuer/);
  });

  it('refuses a bad signature (another key under the same kid)', async () => {
    const { clock, key, call } = await setup();
    const impostor = await testKey('ES384', key.kid);
    expectRefused(await call(`Bearer ${await jwt(impostor, clock)}`), /signature does not verify with any key of client "ehr-cds-client"/);
  });

  it('refuses a JWT for another service (aud)', async () => {
    const { clock, key, call } = await setup();
    expectRefused(await call(`Bearer ${await jwt(key, clock, { aud: `${ORIGIN}/payer/cds-services/crd-order-select` })}`), /claim "aud" is invalid.*expected the service URL http:\/\/sim.test\/payer\/cds-services\/crd-order-sign/);
  });

  it("refuses an expired JWT on the simulator's clock, and one valid for more than five minutes", async () => {
    const { clock, key, call } = await setup();
    const token = await jwt(key, clock, { exp: 120 });
    await clock.advance(181_000); // past exp and the 60 s leeway
    expectRefused(await call(`Bearer ${token}`), /expired at/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { exp: 3600 })}`), /more than 300 s after the server time/);
  });

  it('refuses missing exp, iat or jti, an iat in the future and a tenant that is not a string', async () => {
    const { clock, key, call } = await setup();
    expectRefused(await call(`Bearer ${await jwt(key, clock, { exp: null })}`), /"exp" claim/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { iat: null })}`), /"iat" claim/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { jti: null })}`), /"jti" claim/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { iat: 120, exp: 240 })}`), /iat .* is in the future|"iat" claim/);
    expectRefused(await call(`Bearer ${await jwt(key, clock, { tenant: 42 })}`), /tenant, when present, must be a string/);
  });

  it('refuses a replayed jti', async () => {
    const { clock, key, call } = await setup();
    const token = await jwt(key, clock, { jti: 'once' });
    expect((await call(`Bearer ${token}`)).status).toBe(200);
    expectRefused(await call(`Bearer ${token}`), /jti "once" was already used \(a replay\)/);
  });

  it('applies the auth faults: expired, invalid client, revoked keys (until reset), clock skew', async () => {
    const route = '/payer/cds-services/*';
    const faults: FaultRuleInput[] = [
      { id: 'exp', match: { route }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'token-expired' } },
      // both fire on the first call (expiry is checked first), only this one on the second
      { id: 'inv', match: { route }, schedule: { kind: 'first-n', n: 2 }, fault: { kind: 'invalid-client' } },
    ];
    const { clock, key, call } = await setup({ faults });
    expectRefused(await call(`Bearer ${await jwt(key, clock)}`), /simulated token-expired fault/);
    expectRefused(await call(`Bearer ${await jwt(key, clock)}`), /simulated invalid-client fault/);
    expect((await call(`Bearer ${await jwt(key, clock)}`)).status).toBe(200);

    const revoked = await setup({ faults: [{ id: 'rev', match: { route }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'key-revoked' } }] });
    expectRefused(await revoked.call(`Bearer ${await jwt(revoked.key, revoked.clock)}`), /were revoked/);
    expectRefused(await revoked.call(`Bearer ${await jwt(revoked.key, revoked.clock)}`), /were revoked/);

    const skewed = await setup({ faults: [{ id: 'skew', match: { route }, fault: { kind: 'clock-skew', seconds: 600 } }] });
    expectRefused(await skewed.call(`Bearer ${await jwt(skewed.key, skewed.clock)}`), /expired at/);
  });

  describe('jku', () => {
    const JKU = 'http://127.0.0.1:9/jwks.json';
    const serving = (body: unknown, status = 200): typeof fetch => async (input) => {
      expect(String(input)).toBe(JKU);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    };

    it('verifies against the JWK Set at a registered jku', async () => {
      const remote = await testKey('ES384', 'remote-1');
      const { clock, call } = await setup({ client: { cdsHooks: { jku: JKU } }, fetch: serving({ keys: [remote.publicJwk] }) });
      expect((await call(`Bearer ${await jwt(remote, clock, { jku: JKU })}`)).status).toBe(200);
    });

    it('refuses a jku that is not registered, unreachable, or not a public JWK Set', async () => {
      const { clock, key, call } = await setup({ fetch: serving({ keys: [] }) });
      expectRefused(await call(`Bearer ${await jwt(key, clock, { jku: JKU })}`), /is not the JWK Set URL registered/);
      const down = await setup({ client: { cdsHooks: { jku: JKU } }, fetch: serving({}, 503) });
      expectRefused(await down.call(`Bearer ${await jwt(down.key, down.clock, { jku: JKU })}`), /could not be fetched \(HTTP 503\)/);
      const bad = await setup({ client: { cdsHooks: { jku: JKU } }, fetch: serving({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }) });
      expectRefused(await bad.call(`Bearer ${await jwt(bad.key, bad.clock, { jku: JKU })}`), /not a JWK Set of public RSA or EC P-384 keys/);
    });
  });
});

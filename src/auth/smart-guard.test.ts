/**
 * The SMART middleware on resource calls: bearer tokens checked for presence, origin system,
 * expiry on the simulator's clock and scope (v1 and v2), the 401/403 answers with their
 * WWW-Authenticate challenges, the authenticated client id on the request, client
 * registration over the admin API, and the auth fault kinds.
 */
import { describe, expect, it } from '@jest/globals';
import { OperationOutcomeSchema } from '../contracts/fhir-base.js';
import type { FaultRuleInput } from '../contracts/faults.js';
import { createSimulator, type Simulator } from '../simulator.js';
import { pasBundle } from '../payer/testing/pas-fixtures.js';
import { submit } from '../payer/testing/payer-client.js';
import { assertion, getToken, ORIGIN, smartSim, testKey, type TestKey } from './testing/smart-kit.js';

async function setup(faults: FaultRuleInput[] = []) {
  const key = await testKey('ES384');
  const { sim, clock } = smartSim({ faults }, [{ clientId: 'team-client', jwks: { keys: [key.publicJwk] } }]);
  const token = async (scope: string, system: 'payer' | 'ehr' = 'payer', k: TestKey = key, clientId = 'team-client') => {
    const res = await getToken(sim, await assertion(k, clock, { clientId, aud: `${ORIGIN}/${system}/auth/token` }), scope, system);
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  };
  return { sim, clock, key, token };
}

const read = (sim: Simulator, path: string, token?: string) =>
  sim.handle(new Request(`${ORIGIN}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }));

async function expect401(res: Response, description?: RegExp) {
  expect(res.status).toBe(401);
  const challenge = res.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="prior-auth-sim (payer|ehr)"/);
  if (description) {
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toMatch(description);
  } else {
    expect(challenge).not.toContain('error=');
  }
  expect(OperationOutcomeSchema.parse(await res.json()).issue[0]!.code).toBe('login');
}

describe('resource calls with auth: smart', () => {
  it('needs a bearer token on FHIR routes, but not on metadata, discovery or coverage policies', async () => {
    const { sim, token } = await setup();
    await expect401(await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets'));
    await expect401(await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', 'made-up'), /unknown access token/);
    expect((await read(sim, '/ehr/fhir/metadata')).status).toBe(200);
    expect((await read(sim, '/payer/policies/72148')).status).toBe(200);
    expect((await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', await token('system/*.read', 'ehr'))).status).toBe(200);
  });

  it("refuses the payer's token at the EHR", async () => {
    const { sim, token } = await setup();
    await expect401(await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', await token('system/*.read')), /issued by the payer/);
  });

  it("expires tokens on the simulator's clock", async () => {
    const { sim, clock, token } = await setup();
    const t = await token('system/Patient.read', 'ehr');
    await clock.advance(299_000);
    expect((await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', t)).status).toBe(200);
    await clock.advance(1_000);
    await expect401(await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', t), /expired/);
  });

  it('answers 403 insufficient_scope naming the scope needed; v2 permissions count like v1', async () => {
    const { sim, token } = await setup();
    const patientOnly = await token('system/Patient.r', 'ehr');
    expect((await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', patientOnly)).status).toBe(200);
    const search = await read(sim, '/ehr/fhir/Patient?identifier=x', patientOnly);
    expect(search.status).toBe(403);
    expect(search.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="system/Patient.read"');
    const obs = await read(sim, '/ehr/fhir/Observation?patient=pat-lumbar-meets', patientOnly);
    expect(obs.status).toBe(403);
    expect(OperationOutcomeSchema.parse(await obs.json()).issue[0]).toMatchObject({ code: 'forbidden', diagnostics: expect.stringContaining('system/Observation.read') });

    const readOnly = await token('system/Claim.read');
    const denied = await submit(sim, pasBundle(), { authorization: `Bearer ${readOnly}` });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('scope="system/Claim.write"');
    const v2 = await token('system/Claim.c');
    expect((await submit(sim, pasBundle(), { authorization: `Bearer ${v2}` })).status).toBe(200);
  });

  it('scopes idempotency keys by the authenticated client, so a renewed token replays the first response', async () => {
    const { sim, token } = await setup();
    const bundle = pasBundle();
    const first = await submit(sim, bundle, { authorization: `Bearer ${await token('system/Claim.write')}`, 'idempotency-key': 'k1' });
    expect(first.status).toBe(200);
    const again = await submit(sim, bundle, { authorization: `Bearer ${await token('system/Claim.write')}`, 'idempotency-key': 'k1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(sim.ledger.totals().claims).toBe(1);
  });
});

describe('client registration', () => {
  it('registers, lists, replaces and removes clients over the admin API; removal ends their tokens', async () => {
    const { sim, clock } = await setup();
    const key = await testKey('RS384', 'team-b-1');
    const post = (body: unknown) => sim.handle(new Request(`${ORIGIN}/__admin/auth/clients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    expect((await post({ clientId: 'team-b', jwks: { keys: [key.publicJwk] }, scopes: ['system/*.read'] })).status).toBe(201);
    expect((await post({ clientId: 'team-b', jwks: { keys: [key.publicJwk] }, scopes: ['system/*.read'] })).status).toBe(200);
    const list = (await (await read(sim, '/__admin/auth/clients')).json()) as { mode: string; clients: { clientId: string; source: string; kids: string[] }[] };
    expect(list.mode).toBe('smart');
    expect(list.clients.map((c) => [c.clientId, c.source])).toEqual([['team-client', 'config'], ['team-b', 'admin']]);
    const res = await getToken(sim, await assertion(key, clock, { clientId: 'team-b', aud: `${ORIGIN}/ehr/auth/token` }), 'system/*.read', 'ehr');
    expect(res.status).toBe(200);
    const t = res.body.access_token as string;
    expect((await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', t)).status).toBe(200);
    expect((await sim.handle(new Request(`${ORIGIN}/__admin/auth/clients/team-b`, { method: 'DELETE' }))).status).toBe(204);
    await expect401(await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', t), /no longer registered/);
    expect((await sim.handle(new Request(`${ORIGIN}/__admin/auth/clients/team-b`, { method: 'DELETE' }))).status).toBe(404);
  });

  it('refuses a JWKS carrying a private key, with the field path', async () => {
    const { sim } = await setup();
    const res = await sim.handle(new Request(`${ORIGIN}/__admin/auth/clients`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'leaky', jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b', d: 'secret' }] } }),
    }));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.some((e) => e.path.startsWith('body.jwks.keys') && /private/.test(e.message))).toBe(true);
  });

  it('keeps admin-registered clients across a reset and re-registers configured ones', async () => {
    const { sim } = await setup();
    const key = await testKey('ES384', 'kept');
    await sim.handle(new Request(`${ORIGIN}/__admin/auth/clients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'kept', jwks: { keys: [key.publicJwk] } }) }));
    await sim.handle(new Request(`${ORIGIN}/__admin/auth/clients/team-client`, { method: 'DELETE' }));
    sim.reset();
    const list = (await (await read(sim, '/__admin/auth/clients')).json()) as { clients: { clientId: string }[] };
    expect(list.clients.map((c) => c.clientId).sort()).toEqual(['kept', 'team-client']);
  });
});

describe('auth faults', () => {
  const onSubmit = { system: 'payer', route: '/payer/fhir/Claim/$submit' } as const;

  it('token-expired: the presented token expires now, a new one works', async () => {
    const { sim, token } = await setup([{ id: 'exp', match: onSubmit, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'token-expired' } }]);
    const t = await token('system/Claim.write');
    await expect401(await submit(sim, pasBundle(), { authorization: `Bearer ${t}` }), /expired/);
    await expect401(await submit(sim, pasBundle(), { authorization: `Bearer ${t}` }), /expired/);
    expect((await submit(sim, pasBundle(), { authorization: `Bearer ${await token('system/Claim.write')}` })).status).toBe(200);
    expect(sim.journal.query().filter((e) => e.faults.some((f) => f.kind === 'token-expired'))).toHaveLength(1);
  });

  it('token-expired at the token endpoint issues a token that is dead on arrival', async () => {
    const { sim, token } = await setup([{ match: { route: '/ehr/auth/token' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'token-expired' } }]);
    await expect401(await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', await token('system/*.read', 'ehr')), /expired/);
    expect((await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets', await token('system/*.read', 'ehr'))).status).toBe(200);
  });

  it('key-revoked: the token stops working and no new one is issued until a reset', async () => {
    const { sim, clock, key, token } = await setup([{ match: onSubmit, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'key-revoked' } }]);
    const t = await token('system/Claim.write');
    await expect401(await submit(sim, pasBundle(), { authorization: `Bearer ${t}` }), /revoked/);
    const again = await getToken(sim, await assertion(key, clock), 'system/Claim.write');
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_client', error_description: expect.stringContaining('revoked') } });
    const list = (await (await read(sim, '/__admin/auth/clients')).json()) as { clients: { revoked: boolean }[] };
    expect(list.clients[0]!.revoked).toBe(true);
  });

  it('invalid-client: the token endpoint refuses a client it would otherwise accept', async () => {
    const { sim, clock, key } = await setup([{ match: { route: '/payer/auth/token' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'invalid-client' } }]);
    expect(await getToken(sim, await assertion(key, clock), 'system/Claim.write')).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    expect((await getToken(sim, await assertion(key, clock), 'system/Claim.write')).status).toBe(200);
  });

  it("clock-skew: the auth server's own time judges the assertion and shows in the Date header", async () => {
    const { sim, clock, key } = await setup([{ match: { route: '/payer/auth/token' }, fault: { kind: 'clock-skew', seconds: 600 } }]);
    const res = await getToken(sim, await assertion(key, clock), 'system/Claim.write');
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_client', error_description: expect.stringContaining('expired') } });
    expect(Date.parse(res.headers.get('date')!)).toBe(Math.floor((clock.now() + 600_000) / 1000) * 1000);
    const skewed = { now: () => clock.now() + 600_000 };
    expect((await getToken(sim, await assertion(key, skewed), 'system/Claim.write')).status).toBe(200);
  });

  it('with auth: none an auth fault still answers 401 with a Bearer challenge', async () => {
    const sim = createSimulator({ config: { seed: 7, faults: [{ match: { system: 'ehr' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'token-expired' } }] } });
    await expect401(await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets'), /simulated/);
    expect((await read(sim, '/ehr/fhir/Patient/pat-lumbar-meets')).status).toBe(200);
  });
});

/** The token endpoint and discovery: what SMART Backend Services clients get right, and each way they can get it wrong. */
import { describe, expect, it } from '@jest/globals';
import { Fhir } from 'fhir';
import { CLIENT_ASSERTION_TYPE, OAuthErrorSchema, SmartConfigurationSchema, TokenResponseSchema } from '../contracts/auth.js';
import { createSimulator } from '../simulator.js';
import { assertion, getToken, ORIGIN, smartSim, testKey, tokenRequest } from './testing/smart-kit.js';

const PAYER_SCOPES = 'system/Claim.write system/Claim.read';

async function setup(scopes?: string[]) {
  const es = await testKey('ES384');
  const rs = await testKey('RS384');
  const { sim, clock } = smartSim({}, [
    { clientId: 'team-client', jwks: { keys: [es.publicJwk] }, ...(scopes ? { scopes } : {}) },
    { clientId: 'rsa-client', jwks: { keys: [rs.publicJwk] }, systems: ['ehr'] },
  ]);
  return { sim, clock, es, rs };
}

async function refused(res: { status: number; body: Record<string, unknown> }, error: string, description: RegExp) {
  expect(res.status).toBe(400);
  const body = OAuthErrorSchema.parse(res.body);
  expect(body.error).toBe(error);
  expect(body.error_description).toMatch(description);
}

describe('discovery', () => {
  it('publishes a smart-configuration under each FHIR base naming its own token endpoint', async () => {
    const { sim } = await setup();
    for (const system of ['payer', 'ehr'] as const) {
      const res = await sim.handle(new Request(`${ORIGIN}/${system}/fhir/.well-known/smart-configuration`));
      expect(res.status).toBe(200);
      const doc = SmartConfigurationSchema.parse(await res.json());
      expect(doc.token_endpoint).toBe(`${ORIGIN}/${system}/auth/token`);
      expect(doc.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt']);
      expect(doc.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS384', 'ES384']);
      expect(doc.grant_types_supported).toEqual(['client_credentials']);
      expect(doc.capabilities).toContain('client-confidential-asymmetric');
    }
  });

  it('keeps both CapabilityStatements valid FHIR R4 with the security block (independent validator)', async () => {
    const { sim } = await setup();
    const fhir = new Fhir();
    for (const system of ['payer', 'ehr'] as const) {
      const cs = JSON.parse(await (await sim.handle(new Request(`${ORIGIN}/${system}/fhir/metadata`))).text()) as object;
      expect(fhir.validate(cs).messages.filter((m) => m.severity === 'error')).toEqual([]);
    }
  });

  it('declares SMART in both CapabilityStatements when auth is on, and not when it is off', async () => {
    const { sim } = await setup();
    const open = createSimulator({ config: { seed: 7 } });
    for (const system of ['payer', 'ehr'] as const) {
      const cs = (await (await sim.handle(new Request(`${ORIGIN}/${system}/fhir/metadata`))).json()) as { rest: { security?: Record<string, unknown> }[] };
      const security = cs.rest[0]!.security as { service: { coding: { code: string }[] }[]; extension: { url: string; extension: { url: string; valueUri: string }[] }[] };
      expect(security.service[0]!.coding[0]!.code).toBe('SMART-on-FHIR');
      expect(security.extension[0]!.url).toBe('http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris');
      expect(security.extension[0]!.extension).toEqual([{ url: 'token', valueUri: `${ORIGIN}/${system}/auth/token` }]);
      const plain = (await (await open.handle(new Request(`${ORIGIN}/${system}/fhir/metadata`))).json()) as { rest: { security?: unknown }[] };
      expect(plain.rest[0]!.security).toBeUndefined();
      expect((await open.handle(new Request(`${ORIGIN}/${system}/fhir/.well-known/smart-configuration`))).status).toBe(404);
    }
  });
});

describe('token endpoint', () => {
  it('issues a bearer token for an ES384 assertion, granting the requested scopes the registration covers', async () => {
    const { sim, clock, es } = await setup(['system/Claim.*', 'system/Patient.read']);
    const res = await getToken(sim, await assertion(es, clock), 'system/Claim.write system/Claim.rs system/Observation.read');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const token = TokenResponseSchema.parse(res.body);
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/Claim.write system/Claim.rs' });
  });

  it('accepts RS384 at the EHR for a client registered there only, and refuses it at the payer', async () => {
    const { sim, clock, rs } = await setup();
    const ehr = await getToken(sim, await assertion(rs, clock, { clientId: 'rsa-client', aud: `${ORIGIN}/ehr/auth/token` }), 'system/*.read', 'ehr');
    expect(ehr.status).toBe(200);
    await refused(await getToken(sim, await assertion(rs, clock, { clientId: 'rsa-client' }), 'system/*.read'), 'invalid_client', /not registered for the payer/);
  });

  it('refuses malformed requests: grant type, assertion type, content type, missing assertion', async () => {
    const { sim, clock, es } = await setup();
    const good = { grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: await assertion(es, clock), scope: PAYER_SCOPES };
    const check = async (res: Response, error: string) => {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(error);
    };
    await check(await tokenRequest(sim, { ...good, grant_type: 'authorization_code' }), 'unsupported_grant_type');
    await check(await tokenRequest(sim, { ...good, client_assertion_type: 'urn:x' }), 'invalid_request');
    await check(await tokenRequest(sim, { ...good, client_assertion: '' }), 'invalid_request');
    await check(await tokenRequest(sim, good, 'payer', 'application/json'), 'invalid_request');
  });

  it('refuses assertions that do not authenticate the client (invalid_client)', async () => {
    const { sim, clock, es } = await setup();
    const other = await testKey('ES384', es.kid);
    await refused(await getToken(sim, await assertion(es, clock, { clientId: 'stranger' }), PAYER_SCOPES), 'invalid_client', /not registered/);
    await refused(await getToken(sim, await assertion(other, clock), PAYER_SCOPES), 'invalid_client', /signature does not verify/);
    await refused(await getToken(sim, await assertion(es, clock, { aud: `${ORIGIN}/ehr/auth/token` }), PAYER_SCOPES), 'invalid_client', /"aud"/);
    await refused(await getToken(sim, await assertion(es, clock, { sub: 'someone-else' }), PAYER_SCOPES), 'invalid_client', /iss and sub/);
    await refused(await getToken(sim, await assertion(es, clock, { exp: 3600 }), PAYER_SCOPES), 'invalid_client', /more than 300 s/);
    await refused(await getToken(sim, await assertion(es, clock, { exp: -120 }), PAYER_SCOPES), 'invalid_client', /expired/);
    await refused(await getToken(sim, await assertion(es, clock, { iat: 600 }), PAYER_SCOPES), 'invalid_client', /in the future/);
    await refused(await getToken(sim, await assertion(es, clock, { jti: null }), PAYER_SCOPES), 'invalid_client', /jti/);
    await refused(await getToken(sim, 'not.a.jwt', PAYER_SCOPES), 'invalid_client', /compact JWS/);
  });

  it('refuses a replayed assertion (invalid_grant) until it expires', async () => {
    const { sim, clock, es } = await setup();
    const once = await assertion(es, clock, { jti: 'same' });
    expect((await getToken(sim, once, PAYER_SCOPES)).status).toBe(200);
    await refused(await getToken(sim, once, PAYER_SCOPES), 'invalid_grant', /already used/);
    await clock.advance(60_000);
    await refused(await getToken(sim, await assertion(es, clock, { jti: 'same' }), PAYER_SCOPES), 'invalid_grant', /already used/);
  });

  it('refuses scopes that are malformed or not granted to the client (invalid_scope)', async () => {
    const { sim, clock, es } = await setup(['system/Patient.read']);
    await refused(await getToken(sim, await assertion(es, clock), 'user/Claim.write'), 'invalid_scope', /not a system scope/);
    await refused(await getToken(sim, await assertion(es, clock), 'system/Claim.write'), 'invalid_scope', /allowed: system\/Patient.read/);
    await refused(await getToken(sim, await assertion(es, clock), ''), 'invalid_scope', /required/);
  });

  it('answers 404 with an OAuth error when auth is off', async () => {
    const open = createSimulator({ config: { seed: 7 } });
    const res = await tokenRequest(open, { grant_type: 'client_credentials' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/auth: none/);
  });
});

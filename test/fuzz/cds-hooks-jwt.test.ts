/**
 * Fuzz of the CRD hooks under `auth.cdsHooks: jwt` (the main fuzz runs `open`): generated
 * Authorization headers — arbitrary strings, compact JWS shapes with arbitrary JSON header and
 * payload, and JWTs really signed by the registered key with arbitrary claims — against both
 * services and an unknown one. Every answer is a declared status (never a 5xx), a refusal is a
 * 401 problem with a Bearer challenge, and nothing a refused call sends changes the payer's state.
 */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { VirtualClock } from '../../src/core/clock.js';
import { createSimulator } from '../../src/simulator.js';
import { draftOrder, hookRequest } from '../../src/payer/testing/crd-fixtures.js';
import { testKey } from '../../src/auth/testing/smart-kit.js';
import { observe, undeclared, type Observed } from './declared-statuses.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const RUNS = Number(process.env.FUZZ_RUNS_CDS ?? 400);
const BASE = 'http://sim.fuzz';
const CLIENT = 'fuzz-cds-client';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const json = fc.jsonValue({ maxDepth: 3 });
const claim = fc.oneof(fc.constant(undefined), json, fc.string({ maxLength: 40 }), fc.integer({ min: -2e9, max: 4e9 }));

describe('fuzz: CDS Hooks JWTs on the CRD hooks', () => {
  it(`answers ${RUNS} generated Authorization headers with declared statuses, 401 on refusal, and no state change`, async () => {
    const key = await testKey('ES384', 'fuzz-key');
    const clock = new VirtualClock();
    const sim = createSimulator({ config: { seed: 11, auth: { cdsHooks: 'jwt', clients: [{ clientId: CLIENT, jwks: { keys: [key.publicJwk] } }] } }, clock });
    const nowS = Math.floor(clock.now() / 1000);
    const observed: Observed = new Map();
    const state = () => JSON.stringify(sim.ledger.all());
    const before = state();

    const signed = fc.record({
      iss: fc.oneof(fc.constant(CLIENT), claim), sub: fc.oneof(fc.constant(CLIENT), claim), aud: fc.oneof(fc.constant(`${BASE}/payer/cds-services/crd-order-sign`), claim),
      exp: fc.oneof(fc.constant(nowS + 120), claim), iat: fc.oneof(fc.constant(nowS), claim), jti: fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), claim), tenant: claim,
    }).map(async (c) => {
      const payload = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
      return new SignJWT(payload as Record<string, unknown>).setProtectedHeader({ alg: 'ES384', kid: 'fuzz-key' }).sign(key.privateKey);
    });
    const shaped = fc.tuple(json, json, fc.string({ maxLength: 60 })).map(([h, p, s]) => Promise.resolve(`${b64(h)}.${b64(p)}.${b64(s)}`));
    const raw = fc.string({ maxLength: 200 }).map((s) => Promise.resolve(s));
    const authorization = fc.oneof(
      fc.constant(undefined),
      fc.tuple(fc.constantFrom('Bearer ', 'bearer ', 'Basic ', '', 'Bearer  '), fc.oneof(signed, shaped, raw)).map(async ([scheme, t]) => `${scheme}${await t}`),
    );
    const service = fc.constantFrom('crd-order-sign', 'crd-order-select', 'crd-nope', '__proto__');

    await fc.assert(
      fc.asyncProperty(authorization, service, async (auth, id) => {
        const header = await auth;
        const target = `/payer/cds-services/${id}`;
        const res = await sim.handle(new Request(`${BASE}${target}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(header === undefined ? {} : { authorization: header }) },
          body: JSON.stringify(hookRequest(id === 'crd-order-select' ? 'order-select' : 'order-sign', [draftOrder('lumbarMri')])),
        }));
        observe(observed, 'POST', target, res.status);
        const body = await res.text();
        expect(res.status).toBeLessThan(500);
        if (res.status === 401) {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="prior-auth-sim payer cds-services"/);
          expect(JSON.parse(body)).toMatchObject({ status: 401, detail: expect.any(String) });
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(undeclared(observed)).toEqual([]);
    // the generator reaches every branch: accepted, refused, no such service
    expect([...observed.get('POST /payer/cds-services/{id}') ?? []].sort()).toEqual(expect.arrayContaining([200, 401, 404]));
    // a hook answers without recording anything: neither refusals nor answers touch claims
    expect(state()).toBe(before);
  }, 300_000);
});

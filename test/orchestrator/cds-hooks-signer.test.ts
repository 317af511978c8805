/**
 * The orchestrator's CDS Hooks JWTs: the claims and header CDS Hooks 2.0 asks for, read from the
 * injected clock; a jti derived without randomness (the same inputs sign the same claims), new
 * for every call of a signer and across a restart (a fresh signer whose count starts over, in
 * another durable invocation); and a signature that verifies with the published key set.
 */
import { describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { createCdsHooksSigner } from '../../orchestrator/clients/cds-hooks-signer.js';
import { createClientKey, publicJwks } from '../../orchestrator/clients/client-key.js';

const SERVICE = 'http://payer.test/payer/cds-services/crd-order-sign';
const NOW = Date.UTC(2026, 0, 5, 9, 0, 0, 250);

describe('CDS Hooks signer', () => {
  it('signs iss, sub, aud, iat, exp and jti from the injected clock, with alg, kid and typ in the header', async () => {
    const key = await createClientKey({ seed: 'signer-1' });
    const sign = createCdsHooksSigner({ clientId: 'orch', key, now: () => NOW, tenant: 'clinic-1', issuer: 'https://orch.example' });
    const jwt = await sign(SERVICE, 'hook-1');
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES384', kid: key.kid, typ: 'JWT' });
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ iss: 'https://orch.example', sub: 'orch', aud: SERVICE, iat: Math.floor(NOW / 1000), exp: Math.floor(NOW / 1000) + 240, tenant: 'clinic-1' });
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(publicJwks(key) as Parameters<typeof createLocalJWKSet>[0]), { audience: SERVICE, currentDate: new Date(NOW) });
    expect(payload.jti).toBe(claims.jti);
  });

  it('names a jku when configured', async () => {
    const key = await createClientKey({ seed: 'signer-2' });
    const jwt = await createCdsHooksSigner({ clientId: 'orch', key, jku: 'http://orch.test/.well-known/jwks.json', now: () => NOW })(SERVICE, 'hook-1');
    expect(decodeProtectedHeader(jwt).jku).toBe('http://orch.test/.well-known/jwks.json');
  });

  it('derives the jti: same inputs, same claims; each call, clock instant or invocation a new one', async () => {
    const key = await createClientKey({ seed: 'signer-3' });
    let now = NOW;
    let invocation = 'exec-1#1';
    const make = () => createCdsHooksSigner({ clientId: 'orch', key, now: () => now, scope: () => invocation });
    const claims = async (sign: ReturnType<typeof make>) => decodeJwt(await sign(SERVICE, 'hook-1'));
    const a = make();
    const b = make();
    const [a1, a2, b1] = [await claims(a), await claims(a), await claims(b)];
    expect(b1).toEqual(a1);
    expect(a2.jti).not.toBe(a1.jti);
    // a restarted process (count from 1 again) in the next durable invocation, at the same instant
    invocation = 'exec-1#2';
    expect((await claims(make())).jti).not.toBe(a1.jti);
    invocation = 'exec-1#1';
    now += 1;
    expect((await claims(make())).jti).not.toBe(a1.jti);
  });
});

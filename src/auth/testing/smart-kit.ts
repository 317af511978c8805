/**
 * Test helpers for the SMART server: a simulator with `auth: smart` on a virtual clock, client
 * keys, assertions signed with jose exactly as the spec shapes them (or deliberately not), and
 * token requests.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { CLIENT_ASSERTION_TYPE, type AuthClientInput, type PublicJwk } from '../../contracts/auth.js';
import type { SimulatorConfigInput } from '../../contracts/config.js';
import { VirtualClock } from '../../core/clock.js';
import { createSimulator, type Simulator } from '../../simulator.js';

export const ORIGIN = 'http://sim.test';

export interface TestKey {
  readonly alg: 'ES384' | 'RS384';
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: PublicJwk;
}

export async function testKey(alg: 'ES384' | 'RS384' = 'ES384', kid = `${alg.toLowerCase()}-1`): Promise<TestKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg } as PublicJwk };
}

export function smartSim(config: SimulatorConfigInput = {}, clients: AuthClientInput[] = []) {
  const clock = new VirtualClock();
  const sim: Simulator = createSimulator({ config: { seed: 7, ...config, auth: { mode: 'smart', clients } }, clock });
  return { sim, clock };
}

export interface AssertionOptions {
  clientId?: string;
  sub?: string;
  aud?: string;
  /** Seconds from now. */
  exp?: number;
  iat?: number;
  jti?: string | null;
  alg?: string;
}

let counter = 0;

export async function assertion(key: TestKey, clock: { now(): number }, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(clock.now() / 1000);
  const clientId = o.clientId ?? 'team-client';
  const jwt = new SignJWT(o.jti === null ? {} : { jti: o.jti ?? `jti-${++counter}` })
    .setProtectedHeader({ alg: o.alg ?? key.alg, kid: key.kid })
    .setIssuer(clientId).setSubject(o.sub ?? clientId)
    .setAudience(o.aud ?? `${ORIGIN}/payer/auth/token`)
    .setExpirationTime(now + (o.exp ?? 240));
  if (o.iat !== undefined) jwt.setIssuedAt(now + o.iat);
  return jwt.sign(key.privateKey);
}

export function tokenRequest(sim: Simulator, form: Record<string, string>, system: 'payer' | 'ehr' = 'payer', contentType = 'application/x-www-form-urlencoded') {
  return sim.handle(new Request(`${ORIGIN}/${system}/auth/token`, { method: 'POST', headers: { 'content-type': contentType }, body: new URLSearchParams(form).toString() }));
}

export async function getToken(sim: Simulator, clientAssertion: string, scope: string, system: 'payer' | 'ehr' = 'payer') {
  const res = await tokenRequest(sim, { grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: clientAssertion, scope }, system);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

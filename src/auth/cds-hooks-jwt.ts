/**
 * CDS Hooks 2.0 "trusting CDS clients": with `auth.cdsHooks: jwt` every hook call must carry
 * `Authorization: Bearer {JWT}` signed by a registered client. The same client registry, key sets,
 * jose verification, replay table and auth faults as the SMART token endpoint, with the CDS Hooks
 * claims: header `alg` RS384/ES384 and `kid` (optionally `jku`), `iss` on the client's allow-list,
 * `sub` = client id, `aud` = the URL of the service called, `exp` at most five minutes ahead, `iat`
 * not in the future, a `jti` never seen before, optional `tenant`. A refusal is a 401 with a
 * Bearer challenge and a problem body saying what was wrong; never a 500.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type ProtectedHeaderParameters } from 'jose';
import { ASSERTION_ALGS, JwksSchema, MAX_ASSERTION_LIFETIME_SECONDS } from '../contracts/auth.js';
import type { SimulatorContext } from '../core/engine.js';
import { handlerFaultsOf } from '../core/faults/handler-faults.js';
import { OperationOutcomeError, outcome } from '../core/operation-outcome.js';
import type { SimRequest } from '../core/router.js';
import { authOf, type AuthState } from './auth-state.js';
import type { RegisteredClient } from './client-registry.js';
import { setClientId } from './client-id.js';
import { skewMs } from './token-endpoint.js';

const MAX_AUTHORIZATION_CHARS = 16_384;
const BEARER_PREFIX = 'bearer ';
/** A JWK Set named by `jku` is fetched at most this long. */
const JKU_TIMEOUT_MS = 5_000;
/** Replay entries of hook JWTs live beside token-endpoint assertions, apart from them. */
const JTI_SCOPE = 'cds-hooks';

export interface CdsCaller {
  readonly clientId: string;
  readonly tenant?: string;
}

/** A 401 for a hook call: Bearer challenge (RFC 6750) plus the reason, as problem JSON on this non-FHIR route. */
function refused(why: string): OperationOutcomeError {
  const challenge = `Bearer realm="prior-auth-sim payer cds-services", error="invalid_token", error_description="${why.replace(/["\\]/g, "'")}"`;
  return new OperationOutcomeError(outcome('login', `CDS Hooks JWT refused: ${why}`, ['Authorization']), 401, { 'www-authenticate': challenge });
}

/**
 * Verify the hook call's JWT for the service at `serviceUrl` (the exact `aud` expected);
 * resolves to the calling client, or throws a 401 `OperationOutcomeError`.
 * @example const caller = await verifyCdsHooksJwt(ctx, req, `${req.origin}/payer/cds-services/crd-order-sign`);
 */
export async function verifyCdsHooksJwt(ctx: SimulatorContext, req: SimRequest, serviceUrl: string): Promise<CdsCaller> {
  const auth = authOf(ctx);
  const header = req.request.headers.get('authorization');
  if (!header) {
    throw new OperationOutcomeError(
      outcome('login', 'this CDS service requires a signed JWT (auth.cdsHooks: jwt): send Authorization: Bearer {JWT} signed RS384 or ES384 by a registered client', ['Authorization']),
      401, { 'www-authenticate': 'Bearer realm="prior-auth-sim payer cds-services"' },
    );
  }
  if (header.length > MAX_AUTHORIZATION_CHARS || header.slice(0, BEARER_PREFIX.length).toLowerCase() !== BEARER_PREFIX) throw refused('the Authorization header must be "Bearer {JWT}"');
  const jwt = header.slice(BEARER_PREFIX.length).trim();

  let protectedHeader: ProtectedHeaderParameters;
  let payload: JWTPayload;
  try {
    protectedHeader = decodeProtectedHeader(jwt);
    payload = decodeJwt(jwt);
  } catch {
    throw refused('not a compact JWS (header.payload.signature)');
  }
  const { alg, kid, jku, typ } = protectedHeader;
  if (!alg || !(ASSERTION_ALGS as readonly string[]).includes(alg)) throw refused(`alg must be one of ${ASSERTION_ALGS.join(', ')}, got "${alg ?? '(none)'}"`);
  if (typeof kid !== 'string' || kid.length === 0) throw refused('the JWT header must name the signing key (kid)');
  if (typ !== undefined && typ.toUpperCase() !== 'JWT') throw refused(`typ must be "JWT", got "${typ}"`);

  const client = identify(auth, payload);
  const fired = (kind: 'invalid-client' | 'key-revoked' | 'token-expired') => handlerFaultsOf(req.request, kind).length > 0;
  if (fired('token-expired')) throw refused('the JWT expired (simulated token-expired fault)');
  if (fired('invalid-client')) throw refused(`client "${client.clientId}" is not accepted (simulated invalid-client fault)`);
  if (fired('key-revoked')) auth.revoke(client.clientId);
  if (auth.isRevoked(client.clientId)) throw refused(`the keys of client "${client.clientId}" were revoked: register a new JWKS`);

  const serverNow = ctx.clock.now() + skewMs(req.request);
  const leeway = auth.config.clockLeewaySeconds;
  const claims = await verify(jwt, client, await keySetFor(ctx, client, jku), serviceUrl, serverNow, leeway);
  if (claims.exp! * 1000 > serverNow + (MAX_ASSERTION_LIFETIME_SECONDS + leeway) * 1000) {
    throw refused(`exp ${iso(claims.exp! * 1000)} is more than ${MAX_ASSERTION_LIFETIME_SECONDS} s after the server time ${iso(serverNow)}`);
  }
  if (claims.iat! * 1000 > serverNow + leeway * 1000) throw refused(`iat ${iso(claims.iat! * 1000)} is in the future (server time ${iso(serverNow)}): check the client's clock`);
  if (typeof claims.jti !== 'string' || claims.jti.length === 0 || claims.jti.length > 256) throw refused('jti must be a unique string of 1–256 characters');
  if (claims.tenant !== undefined && typeof claims.tenant !== 'string') throw refused('tenant, when present, must be a string');
  if (!auth.useJti(`${JTI_SCOPE}\n${client.clientId}`, claims.jti, (claims.exp! + leeway) * 1000)) {
    throw refused(`jti "${claims.jti}" was already used (a replay): sign a new JWT for every hook call`);
  }
  setClientId(req.request, client.clientId);
  return { clientId: client.clientId, ...(typeof claims.tenant === 'string' ? { tenant: claims.tenant } : {}) };
}

/** The registered client a JWT names by `sub` (CDS Hooks: the client id), with `iss` on its allow-list. */
function identify(auth: AuthState, payload: JWTPayload): RegisteredClient {
  const { sub, iss } = payload;
  if (typeof sub !== 'string' || sub.length === 0) throw refused('sub must be the client id');
  const client = auth.registry.get(sub);
  if (!client) throw refused(`client "${sub.slice(0, 128)}" is not registered: register its JWKS (POST /__admin/auth/clients, or auth.clients in the configuration)`);
  if (!client.systems.includes('payer')) throw refused(`client "${sub}" is not registered for the payer (registered for ${client.systems.join(', ')})`);
  const issuers = client.cdsHooks?.issuers ?? [client.clientId];
  if (typeof iss !== 'string' || !issuers.includes(iss)) throw refused(`iss "${String(iss ?? '(none)').slice(0, 128)}" is not an issuer of client "${sub}" (allowed: ${issuers.join(', ')})`);
  return client;
}

/** The keys to verify with: the registered JWKS, or the JWK Set at `jku` when the client registered that URL. */
async function keySetFor(ctx: SimulatorContext, client: RegisteredClient, jku: string | undefined): Promise<JWTVerifyGetKey> {
  if (jku === undefined) return client.keySet;
  if (jku !== client.cdsHooks?.jku) throw refused(`jku "${jku.slice(0, 256)}" is not the JWK Set URL registered for client "${client.clientId}"`);
  let body: unknown;
  try {
    // no redirects: the outbound allowlist judged this URL, not wherever it might point
    const res = await ctx.fetch(jku, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(JKU_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.json();
  } catch (err) {
    throw refused(`the JWK Set at jku ${jku} could not be fetched (${(err as Error).message ?? String(err)})`);
  }
  const jwks = JwksSchema.safeParse(body);
  if (!jwks.success) throw refused(`the document at jku ${jku} is not a JWK Set of public RSA or EC P-384 keys`);
  return createLocalJWKSet(jwks.data);
}

async function verify(jwt: string, client: RegisteredClient, keySet: JWTVerifyGetKey, audience: string, serverNow: number, leeway: number): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(jwt, keySet, {
      algorithms: [...ASSERTION_ALGS], subject: client.clientId, audience,
      currentDate: new Date(serverNow), clockTolerance: leeway, requiredClaims: ['exp', 'iat', 'jti'],
    });
    return payload;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw refused(`expired at ${iso(Number(err.payload.exp) * 1000)}; server time is ${iso(serverNow)}`);
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw refused(`claim "${err.claim}" is invalid: ${err.message}${err.claim === 'aud' ? ` (expected the service URL ${audience})` : ''}`);
    if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSMultipleMatchingKeys) {
      throw refused(`the signature does not verify with any key of client "${client.clientId}"`);
    }
    if (err instanceof joseErrors.JOSEError) throw refused(err.message);
    throw err;
  }
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

/**
 * `POST /{payer|ehr}/auth/token`: SMART Backend Services' client_credentials grant with a
 * private_key_jwt client assertion (RS384 or ES384) verified by jose against the client's
 * registered JWKS: iss = sub = client id, aud = this token URL, exp at most five minutes ahead,
 * a jti never seen before. Grants the requested scopes the client's registration covers.
 * Handler faults: `invalid-client` refuses, `key-revoked` revokes the client, `clock-skew`
 * shifts the server's time, `token-expired` issues a token that is already expired.
 */
import { errors as joseErrors, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import {
  ASSERTION_ALGS, CLIENT_ASSERTION_TYPE, MAX_ASSERTION_LIFETIME_SECONDS, parseScope, scopeCovers, type AuthSystem,
} from '../contracts/auth.js';
import type { SimulatorContext } from '../core/engine.js';
import { handlerFaultsOf } from '../core/faults/handler-faults.js';
import type { RouteHandler, SimRequest } from '../core/router.js';
import { authOf, type AuthState } from './auth-state.js';
import { tokenUrl } from './auth-urls.js';
import type { RegisteredClient } from './client-registry.js';
import { OAuthError, oauthErrorResponse, oauthHeaders } from './oauth-error.js';

const MAX_ASSERTION_CHARS = 16_384;
const MAX_SCOPE_CHARS = 2_048;

export function skewMs(request: Request): number {
  return handlerFaultsOf(request, 'clock-skew').reduce((sum, f) => sum + f.fault.seconds * 1000, 0);
}

export function createTokenHandler(ctx: SimulatorContext, system: AuthSystem): RouteHandler {
  return async (req) => {
    const auth = authOf(ctx);
    const serverNow = ctx.clock.now() + skewMs(req.request);
    try {
      if (!auth.smart) throw new OAuthError('invalid_request', 'SMART auth is off on this simulator (auth: none): FHIR calls need no token', 404);
      const body = await issue(req, auth, system, serverNow);
      return new Response(JSON.stringify(body), { status: 200, headers: oauthHeaders(serverNow) });
    } catch (err) {
      if (err instanceof OAuthError) return oauthErrorResponse(err, serverNow);
      throw err;
    }
  };
}

async function issue(req: SimRequest, auth: AuthState, system: AuthSystem, serverNow: number) {
  const type = (req.request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new OAuthError('invalid_request', `Content-Type must be application/x-www-form-urlencoded, got "${type || '(none)'}"`);
  const form = new URLSearchParams(await req.text());
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', `grant_type must be client_credentials, got "${grantType ?? '(none)'}"`);
  if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) throw new OAuthError('invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
  const assertion = form.get('client_assertion') ?? '';
  if (!assertion || assertion.length > MAX_ASSERTION_CHARS) throw new OAuthError('invalid_request', `client_assertion is required (a signed JWT of at most ${MAX_ASSERTION_CHARS} characters)`);

  const client = identify(assertion, auth, system);
  const faults = (kind: 'invalid-client' | 'key-revoked' | 'token-expired') => handlerFaultsOf(req.request, kind).length > 0;
  if (faults('invalid-client')) throw new OAuthError('invalid_client', `client "${client.clientId}" is not accepted by this token endpoint (simulated invalid_client fault)`);
  if (faults('key-revoked')) auth.revoke(client.clientId);
  if (auth.isRevoked(client.clientId)) throw new OAuthError('invalid_client', `the keys of client "${client.clientId}" were revoked: register a new JWKS`);

  const claims = await verify(assertion, client, tokenUrl(req, system), serverNow, auth.config.clockLeewaySeconds);
  const leewayMs = auth.config.clockLeewaySeconds * 1000;
  if (claims.exp! * 1000 > serverNow + MAX_ASSERTION_LIFETIME_SECONDS * 1000 + leewayMs) {
    throw new OAuthError('invalid_client', `client_assertion exp ${iso(claims.exp! * 1000)} is more than ${MAX_ASSERTION_LIFETIME_SECONDS} s after the server time ${iso(serverNow)}`);
  }
  if (claims.iat !== undefined && claims.iat * 1000 > serverNow + leewayMs) {
    throw new OAuthError('invalid_client', `client_assertion iat ${iso(claims.iat * 1000)} is in the future (server time ${iso(serverNow)}): check the client's clock`);
  }
  if (typeof claims.jti !== 'string' || claims.jti.length === 0 || claims.jti.length > 256) throw new OAuthError('invalid_client', 'client_assertion jti must be a unique string of 1–256 characters');
  if (!auth.useJti(client.clientId, claims.jti, claims.exp! * 1000 + leewayMs)) {
    throw new OAuthError('invalid_grant', `client_assertion jti "${claims.jti}" was already used: sign a new assertion for every token request`);
  }

  const scope = grantScopes(form.get('scope') ?? '', client);
  const lifetime = auth.config.tokenLifetimeSeconds;
  const now = auth.clock.now();
  const accessToken = auth.issue({ clientId: client.clientId, system, scopes: scope }, faults('token-expired') ? now : now + lifetime * 1000);
  return { access_token: accessToken, token_type: 'bearer', expires_in: lifetime, scope: scope.join(' ') };
}

/** The registered client an assertion names (before its signature is checked). */
function identify(assertion: string, auth: AuthState, system: AuthSystem): RegisteredClient {
  let alg: string | undefined;
  let payload: JWTPayload;
  try {
    alg = decodeProtectedHeader(assertion).alg;
    payload = decodeJwt(assertion);
  } catch {
    throw new OAuthError('invalid_client', 'client_assertion is not a compact JWS (header.payload.signature)');
  }
  if (!alg || !(ASSERTION_ALGS as readonly string[]).includes(alg)) throw new OAuthError('invalid_client', `client_assertion alg must be one of ${ASSERTION_ALGS.join(', ')}, got "${alg ?? '(none)'}"`);
  const clientId = payload.iss;
  if (typeof clientId !== 'string' || payload.sub !== clientId) throw new OAuthError('invalid_client', 'client_assertion iss and sub must both be the client id');
  const client = auth.registry.get(clientId);
  if (!client) throw new OAuthError('invalid_client', `client "${clientId}" is not registered: register its JWKS (POST /__admin/auth/clients, or auth.clients in the configuration)`);
  if (!client.systems.includes(system)) throw new OAuthError('invalid_client', `client "${clientId}" is not registered for the ${system} (registered for ${client.systems.join(', ')})`);
  return client;
}

async function verify(assertion: string, client: RegisteredClient, audience: string, serverNow: number, leewaySeconds: number): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(assertion, client.keySet, {
      algorithms: [...ASSERTION_ALGS], issuer: client.clientId, subject: client.clientId, audience,
      currentDate: new Date(serverNow), clockTolerance: leewaySeconds, requiredClaims: ['exp', 'jti'],
    });
    return payload;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new OAuthError('invalid_client', `client_assertion expired at ${iso(Number(err.payload.exp) * 1000)}; server time is ${iso(serverNow)} (see the Date header)`);
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw new OAuthError('invalid_client', `client_assertion claim "${err.claim}" is invalid: ${err.message}${err.claim === 'aud' ? ` (expected ${audience})` : ''}`);
    if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSMultipleMatchingKeys) {
      throw new OAuthError('invalid_client', `client_assertion signature does not verify with any registered key of client "${client.clientId}"`);
    }
    if (err instanceof joseErrors.JOSEError) throw new OAuthError('invalid_client', `client_assertion rejected: ${err.message}`);
    throw err;
  }
}

function grantScopes(requested: string, client: RegisteredClient): string[] {
  if (requested.length > MAX_SCOPE_CHARS) throw new OAuthError('invalid_scope', `scope is longer than ${MAX_SCOPE_CHARS} characters`);
  const wanted = requested.split(' ').filter(Boolean);
  if (wanted.length === 0) throw new OAuthError('invalid_scope', 'scope is required: e.g. "system/Claim.write system/Claim.read"');
  const allowed = client.scopes.map(parseScope).filter((s) => s !== undefined);
  const granted: string[] = [];
  for (const s of wanted) {
    const parsed = parseScope(s);
    if (!parsed) throw new OAuthError('invalid_scope', `"${s.slice(0, 80)}" is not a system scope (system/{Type|*}.{read|write|*} or v2 system/{Type|*}.{cruds})`);
    if (allowed.some((a) => scopeCovers(a, parsed)) && !granted.includes(s)) granted.push(s);
  }
  if (granted.length === 0) throw new OAuthError('invalid_scope', `none of the requested scopes is allowed for client "${client.clientId}" (allowed: ${client.scopes.join(' ')})`);
  return granted;
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

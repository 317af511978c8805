/**
 * The SMART middleware the simulator applies per system (payer, EHR): every route under the
 * system's FHIR base except `metadata` and `.well-known` needs `Authorization: Bearer {token}`
 * from that system's token endpoint, unexpired on the simulator's clock, whose scopes allow the
 * interaction. Failures: 401 with `WWW-Authenticate: Bearer … error="invalid_token"`, or 403
 * `insufficient_scope`, each with an OperationOutcome. On success the client id is set on the
 * request (`clientIdOf`). With `auth: none` only the auth faults act (as a 401).
 */
import { isGuardedPath, requiredScope, scopeName, scopesAllow, type AuthSystem } from '../contracts/auth.js';
import type { SimulatorContext, SystemFactory } from '../core/engine.js';
import { handlerFaultsOf, hasHandlerFaults } from '../core/faults/handler-faults.js';
import { outcome, OperationOutcomeError } from '../core/operation-outcome.js';
import type { Route, SimRequest } from '../core/router.js';
import { authOf } from './auth-state.js';
import { tokenUrl } from './auth-urls.js';
import { setClientId } from './client-id.js';
import { skewMs } from './token-endpoint.js';

const MAX_AUTHORIZATION_CHARS = 4_096;
const BEARER = /^Bearer +([\w.~+/-]+=*)$/i;

/** The system's routes with the SMART check in front of every guarded one. */
export function withSmartAuth(system: AuthSystem, factory: SystemFactory): SystemFactory {
  return (ctx) => {
    const built = factory(ctx);
    return { ...built, routes: built.routes.map((r) => (isGuardedPath(r.path, system) ? guard(ctx, system, r) : r)) };
  };
}

function guard(ctx: SimulatorContext, system: AuthSystem, route: Route): Route {
  return { ...route, handler: (req) => {
    authorize(ctx, system, req);
    return route.handler(req);
  } };
}

function unauthorized(req: SimRequest, system: AuthSystem, description?: string): OperationOutcomeError {
  const realm = `realm="prior-auth-sim ${system}"`;
  const challenge = description === undefined ? `Bearer ${realm}` : `Bearer ${realm}, error="invalid_token", error_description="${description.replace(/["\\]/g, "'")}"`;
  const why = description ?? `this ${system} requires SMART Backend Services auth: send Authorization: Bearer {access token} from ${tokenUrl(req, system)}`;
  return new OperationOutcomeError(outcome('login', why), 401, { 'www-authenticate': challenge });
}

type AuthFaultKind = 'token-expired' | 'key-revoked' | 'invalid-client';
const fires = (req: SimRequest, kind: AuthFaultKind) => handlerFaultsOf(req.request, kind).length > 0;

export function authorize(ctx: SimulatorContext, system: AuthSystem, req: SimRequest): void {
  const auth = authOf(ctx);
  if (!auth.smart) {
    // most requests carry no handler fault: one lookup instead of three filters
    if (hasHandlerFaults(req.request) && (fires(req, 'token-expired') || fires(req, 'key-revoked') || fires(req, 'invalid-client'))) throw unauthorized(req, system, 'access token rejected (simulated auth fault)');
    return;
  }
  const fired = (kind: AuthFaultKind) => fires(req, kind);
  const header = req.request.headers.get('authorization');
  if (!header) throw unauthorized(req, system);
  const m = header.length <= MAX_AUTHORIZATION_CHARS ? BEARER.exec(header) : null;
  if (!m) throw unauthorized(req, system, 'the Authorization header must be "Bearer {access token}"');
  const token = auth.token(m[1]!);
  if (!token) throw unauthorized(req, system, 'unknown access token');
  if (token.system !== system) throw unauthorized(req, system, `the token was issued by the ${token.system} token endpoint, not this ${system}'s`);
  if (fired('key-revoked')) auth.revoke(token.clientId);
  if (auth.isRevoked(token.clientId) || !auth.registry.get(token.clientId)) throw unauthorized(req, system, `client "${token.clientId}" is no longer registered or its keys were revoked`);
  if (fired('invalid-client')) throw unauthorized(req, system, `client "${token.clientId}" is not accepted (simulated invalid-client fault)`);
  const now = ctx.clock.now();
  if (fired('token-expired')) auth.expire(m[1]!, now);
  const serverNow = now + skewMs(req.request);
  if (serverNow >= token.expiresAt) throw unauthorized(req, system, `access token expired at ${new Date(token.expiresAt).toISOString()}`);

  const segments = req.url.pathname.slice(`/${system}/fhir/`.length).split('/').filter(Boolean).map(safeDecode);
  const need = requiredScope(req.method, segments);
  if (!scopesAllow(token.scopes, need)) {
    const name = scopeName(need);
    throw new OperationOutcomeError(
      outcome('forbidden', `the access token's scopes (${token.scopes.join(' ')}) do not allow ${req.method} ${req.url.pathname}: it needs ${name} (or v2 system/${need.resourceType}.${need.permission})`),
      403,
      { 'www-authenticate': `Bearer realm="prior-auth-sim ${system}", error="insufficient_scope", scope="${name}"` },
    );
  }
  setClientId(req.request, token.clientId);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

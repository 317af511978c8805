/**
 * A SMART Backend Services client for one FHIR server: discovers the token endpoint from
 * `{fhirBase}/.well-known/smart-configuration`, signs a client assertion (iss = sub = client id,
 * aud = token URL, 4-minute exp, fresh jti) with the orchestrator's key, caches the access token
 * until shortly before it expires on the orchestrator's clock, and fetches a new one when asked
 * to drop a token a server refused (401). Failures are classified where the call is made: the
 * token endpoint down or slow (or answering without an OAuth error) is transient; a refusal
 * (`invalid_client`, `invalid_scope`, …) is an `AuthError`, permanent — except once per refusal when the server's `Date` shows our clock
 * is off, then the assertion is re-signed on the server's time.
 */
import { SignJWT } from 'jose';
import { CLIENT_ASSERTION_TYPE, OAuthErrorSchema, SmartConfigurationSchema, TokenResponseSchema } from '../../src/contracts/auth.js';
import { PermanentError, TransientError } from './client-errors.js';
import type { ClientKey } from './client-key.js';
import { createHttpClient, type FetchLike } from './http-client.js';
import { parseRetryAfter } from './retry-after.js';

export interface SmartClientConfig {
  readonly clientId: string;
  readonly key: ClientKey;
  /** A fresh assertion id (default: a random UUID). */
  readonly newJti?: () => string;
}

export interface TokenSourceConfig extends SmartClientConfig {
  /** `http://host/payer/fhir`. */
  readonly fhirBase: string;
  /** Space-separated system scopes to request. */
  readonly scope: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  /** The orchestrator's clock (ms). */
  readonly now: () => number;
}

export interface TokenSource {
  /** A valid access token (cached, or fetched now). */
  token(): Promise<string>;
  /** Forget `token` (a server answered 401 to it): the next `token()` fetches a new one. */
  invalidate(token: string): void;
  /**
   * Forget everything held in memory (the token endpoint, the token, a fetch in flight, a clock
   * correction), as a restarted process starts: a fetch begun before may finish but is not kept.
   */
  forget(): void;
}

/** The token endpoint refused us: a person must fix the registration (MANUAL_REVIEW). */
export class AuthError extends PermanentError {
  constructor(message: string, details: ConstructorParameters<typeof PermanentError>[1]) {
    super(message, details);
    this.name = 'AuthError';
  }
}

/** Refresh this long before `expires_in` runs out, so a token never expires in flight. */
const REFRESH_MARGIN_MS = 30_000;
const ASSERTION_LIFETIME_S = 240;
/** A server clock further off than this is corrected for. */
const SKEW_TOLERANCE_MS = 30_000;

export function createTokenSource(config: TokenSourceConfig): TokenSource {
  const discovery = createHttpClient({ baseUrl: config.fhirBase, fetch: config.fetch, timeoutMs: config.timeoutMs });
  const newJti = config.newJti ?? (() => crypto.randomUUID());
  let tokenUrl: string | undefined;
  let cached: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  let offsetMs = 0;
  /** Bumped by `forget`: a fetch begun in an earlier generation stores nothing. */
  let generation = 0;

  async function discover(): Promise<string> {
    const { data } = await discovery.call({ method: 'GET', path: '/.well-known/smart-configuration', schema: SmartConfigurationSchema, mediaType: 'application/json' });
    if (!data.grant_types_supported.includes('client_credentials')) throw new AuthError(`${config.fhirBase} does not offer client_credentials`, { operation: 'SMART discovery' });
    return data.token_endpoint;
  }

  async function assertion(url: string): Promise<string> {
    const iat = Math.floor((config.now() + offsetMs) / 1000);
    return new SignJWT({ jti: newJti() })
      .setProtectedHeader({ alg: config.key.alg, kid: config.key.kid, typ: 'JWT' })
      .setIssuer(config.clientId).setSubject(config.clientId).setAudience(url)
      .setIssuedAt(iat).setExpirationTime(iat + ASSERTION_LIFETIME_S)
      .sign(config.key.privateKey);
  }

  async function request(url: string, skewRetried: boolean, gen: number): Promise<string> {
    const operation = `POST ${new URL(url).pathname}`;
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: config.scope, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: await assertion(url) });
    let res: Response;
    let text: string;
    try {
      res = await config.fetch(url, {
        method: 'POST', body: body.toString(), signal: AbortSignal.timeout(config.timeoutMs),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
      text = await res.text();
    } catch (cause) {
      throw new TransientError(`token endpoint unreachable: ${(cause as Error)?.message ?? String(cause)}`, { operation, cause });
    }
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      throw new TransientError(`token endpoint answered HTTP ${res.status}`, { operation, status: res.status, retryAfterSeconds: parseRetryAfter(res.headers) });
    }
    const json = safeJson(text);
    if (res.status !== 200) {
      const err = OAuthErrorSchema.safeParse(json);
      const why = err.success ? `${err.data.error}${err.data.error_description ? `: ${err.data.error_description}` : ''}` : `HTTP ${res.status}`;
      const serverNow = Date.parse(res.headers.get('date') ?? '');
      const skew = Number.isNaN(serverNow) ? 0 : serverNow - (config.now() + offsetMs);
      if (!skewRetried && err.success && err.data.error === 'invalid_client' && Math.abs(skew) > SKEW_TOLERANCE_MS) {
        if (gen === generation) offsetMs += skew;
        return request(url, true, gen);
      }
      // only an OAuth error is the server's word on our credentials; anything else is a gateway in the way
      if (!err.success) throw new TransientError(`token endpoint answered HTTP ${res.status} without an OAuth error`, { operation, status: res.status });
      throw new AuthError(`SMART token request refused: ${why}`, { operation, status: res.status, diagnostics: [why] });
    }
    const parsed = TokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new TransientError('token endpoint answered 200 without a valid token response', { operation, status: 200 });
    const token = { value: parsed.data.access_token, expiresAt: config.now() + parsed.data.expires_in * 1000 };
    if (gen === generation) cached = token;
    return token.value;
  }

  async function fetchToken(): Promise<string> {
    const gen = generation;
    const url = tokenUrl ?? await discover();
    if (gen === generation) tokenUrl = url;
    return request(url, false, gen);
  }

  return {
    token() {
      if (cached && config.now() < cached.expiresAt - REFRESH_MARGIN_MS) return Promise.resolve(cached.value);
      if (pending) return pending;
      const mine: Promise<string> = fetchToken().finally(() => {
        if (pending === mine) pending = undefined;
      });
      pending = mine;
      return mine;
    },
    invalidate(token) {
      if (cached?.value === token) cached = undefined;
    },
    forget() {
      generation += 1;
      tokenUrl = undefined;
      cached = undefined;
      pending = undefined;
      offsetMs = 0;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

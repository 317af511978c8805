/**
 * Token endpoint answers per RFC 6749 §5: JSON, `Cache-Control: no-store`, errors as
 * `{ error, error_description }` with 400. The `Date` header carries the auth server's own time,
 * so a client can see a clock skew (and correct for it) when its assertion is refused.
 */
import type { OAuthErrorCode } from '../contracts/auth.js';

export class OAuthError extends Error {
  constructor(readonly code: OAuthErrorCode, readonly description: string, readonly status = 400) {
    super(`${code}: ${description}`);
    this.name = 'OAuthError';
  }
}

export function oauthHeaders(serverNow: number): Record<string, string> {
  return { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache', date: new Date(serverNow).toUTCString() };
}

export function oauthErrorResponse(err: OAuthError, serverNow: number): Response {
  return new Response(JSON.stringify({ error: err.code, error_description: err.description }), { status: err.status, headers: oauthHeaders(serverNow) });
}

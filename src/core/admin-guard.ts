/**
 * The gate in front of `/__admin`: with an admin token configured, every admin call needs
 * `Authorization: Bearer <token>` (compared in constant time); and every POST, PUT or PATCH
 * must say `Content-Type: application/json`, which a cross-site HTML form cannot send — so a web
 * page the operator visits cannot reset the simulator with a form post. (A cross-site DELETE
 * needs a CORS preflight this server never grants, so DELETE needs no body type.)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { OperationOutcomeError, outcome, unsupportedMediaType } from './operation-outcome.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Throws the 401 or 415 for an admin call that may not proceed; returns for anything else. */
export function checkAdminCall(request: Request, pathname: string, token: string | undefined): void {
  if (pathname !== '/__admin' && !pathname.startsWith('/__admin/')) return;
  if (token !== undefined) {
    const auth = request.headers.get('authorization') ?? '';
    const given = auth.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : '';
    if (!timingSafeEqual(digest(given), digest(token)) || given === '') {
      throw new OperationOutcomeError(
        outcome('login', 'the admin API needs Authorization: Bearer <admin token> (serve --admin-token)', ['Authorization']),
        401,
        { 'www-authenticate': 'Bearer realm="prior-auth-sim admin"' },
      );
    }
  }
  if (WITH_BODY.has(request.method)) {
    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw unsupportedMediaType(type || '(none)', 'application/json (admin calls that change state must be JSON)');
  }
}

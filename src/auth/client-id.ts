/**
 * The authenticated client of a request: set by the SMART middleware once the bearer token is
 * verified, read by handlers that scope data per client (idempotency keys, business
 * identifiers). Undefined with `auth: none` and on unprotected routes.
 *
 * @example
 * const owner = clientIdOf(req) ?? `header:${req.request.headers.get('x-client-id') ?? 'anonymous'}`;
 */
import type { SimRequest } from '../core/router.js';

const clients = new WeakMap<Request, string>();

export function setClientId(request: Request, clientId: string): void {
  clients.set(request, clientId);
}

export function clientIdOf(req: SimRequest | Request): string | undefined {
  return clients.get(req instanceof Request ? req : req.request);
}

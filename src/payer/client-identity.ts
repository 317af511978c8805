/**
 * Who is calling the payer, for scoping what one client may see of another's work:
 * Idempotency-Keys, business identifiers (Bundle.identifier, Claim.identifier), inquiries and
 * Subscriptions. In order:
 * 1. the client an authentication layer vouched for (`setAuthenticatedClient`, the seam the
 *    SMART backend-services middleware calls with the token's client id);
 * 2. otherwise the `X-Client-Id` header (unauthenticated: it separates well-behaved clients
 *    sharing a simulator, it does not stop one that lies);
 * 3. otherwise a hash of the Authorization header;
 * 4. otherwise `anonymous`.
 * Whatever the scope, a reused identifier with a different payload is refused, so even two
 * clients in one scope never receive each other's claim.
 */
import { createHash } from 'node:crypto';

const authenticated = new WeakMap<Request, string>();

/** Record the authenticated client id of a request (called by the auth middleware before the handler). */
export function setAuthenticatedClient(request: Request, clientId: string): void {
  authenticated.set(request, clientId);
}

export function clientOf(request: Request): string {
  const vouched = authenticated.get(request);
  if (vouched !== undefined) return `client:${vouched}`;
  const header = request.headers.get('x-client-id');
  if (header) return `client:${header}`;
  const auth = request.headers.get('authorization');
  if (auth) return `auth:${createHash('sha256').update(auth).digest('hex').slice(0, 16)}`;
  return 'anonymous';
}

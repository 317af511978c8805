/**
 * Who is calling the payer, for scoping what one client may see of another's work:
 * Idempotency-Keys, business identifiers (Bundle.identifier, Claim.identifier), inquiries and
 * Subscriptions. In order:
 * 1. the client the SMART backend-services middleware vouched for (the token's client id,
 *    `clientIdOf` in src/auth/client-id.ts);
 * 2. otherwise the `X-Client-Id` header (unauthenticated: it separates well-behaved clients
 *    sharing a simulator, it does not stop one that lies);
 * 3. otherwise a hash of the Authorization header;
 * 4. otherwise `anonymous`.
 * Whatever the scope, a reused identifier with a different payload is refused, so even two
 * clients in one scope never receive each other's claim.
 */
import { createHash } from 'node:crypto';
import { clientIdOf } from '../auth/client-id.js';

export function clientOf(request: Request): string {
  const vouched = clientIdOf(request);
  if (vouched !== undefined) return `client:${vouched}`;
  const header = request.headers.get('x-client-id');
  if (header) return `client:${header}`;
  const auth = request.headers.get('authorization');
  if (auth) return `auth:${createHash('sha256').update(auth).digest('hex').slice(0, 16)}`;
  return 'anonymous';
}

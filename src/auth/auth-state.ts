/**
 * One simulator generation's authorization server state: issued access tokens, client assertion
 * ids already used (replay refusal, kept until the assertion expires), and clients whose keys a
 * `key-revoked` fault revoked. A reset starts it over; the client registry outlives it.
 */
import { randomBytes } from 'node:crypto';
import type { AuthConfig, AuthSystem } from '../contracts/auth.js';
import type { SimulatorContext } from '../core/engine.js';
import type { Clock } from '../core/clock.js';
import { ClientRegistry } from './client-registry.js';

export interface IssuedToken {
  readonly clientId: string;
  readonly system: AuthSystem;
  readonly scopes: readonly string[];
  /** On the simulator's clock (ms). */
  expiresAt: number;
}

/** Above this many live entries, expired ones are swept before adding another. */
const SWEEP_AT = 1_000;

export class AuthState {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly jtis = new Map<string, number>();
  private readonly revoked = new Set<string>();

  constructor(readonly config: AuthConfig, readonly registry: ClientRegistry, readonly clock: Clock) {}

  get smart(): boolean {
    return this.config.mode === 'smart';
  }

  issue(token: Omit<IssuedToken, 'expiresAt'>, expiresAt: number): string {
    if (this.tokens.size >= SWEEP_AT) sweep(this.tokens, (t) => t.expiresAt, this.clock.now());
    // A credential, so unguessable rather than seeded: its value never changes what the simulator does.
    const value = randomBytes(32).toString('base64url');
    this.tokens.set(value, { ...token, expiresAt });
    return value;
  }

  token(value: string): IssuedToken | undefined {
    return this.tokens.get(value);
  }

  /** Record an assertion id; false when this client used it before (a replay). */
  useJti(clientId: string, jti: string, expiresAt: number): boolean {
    const key = `${clientId}\n${jti}`;
    const known = this.jtis.get(key);
    if (known !== undefined && known >= this.clock.now()) return false;
    if (this.jtis.size >= SWEEP_AT) sweep(this.jtis, (exp) => exp, this.clock.now());
    this.jtis.set(key, expiresAt);
    return true;
  }

  revoke(clientId: string): void {
    this.revoked.add(clientId);
  }

  isRevoked(clientId: string): boolean {
    return this.revoked.has(clientId);
  }
}

function sweep<V>(map: Map<string, V>, expiry: (v: V) => number, now: number): void {
  for (const [k, v] of map) if (expiry(v) < now) map.delete(k);
}

const registries = new WeakMap<object, ClientRegistry>();
const states = new WeakMap<SimulatorContext, AuthState>();

/**
 * The auth state of a generation (made on first use, its configured clients registered);
 * the registry is per simulator (keyed by its control object, which survives resets).
 */
export function authOf(ctx: SimulatorContext): AuthState {
  let state = states.get(ctx);
  if (!state) {
    let registry = registries.get(ctx.control);
    if (!registry) registries.set(ctx.control, (registry = new ClientRegistry()));
    registry.syncConfig(ctx.config.auth.clients);
    state = new AuthState(ctx.config.auth, registry, ctx.clock);
    states.set(ctx, state);
  }
  return state;
}

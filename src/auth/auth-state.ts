/**
 * One simulator generation's authorization server state: issued access tokens, client assertion
 * ids already used (replay refusal, kept until the assertion expires), and clients whose keys a
 * `key-revoked` fault revoked. A reset starts it over; the client registry outlives it.
 *
 * It lives in the state store, so `serve --data` keeps it across a restart: a token issued
 * before stays valid until its expiry on the simulator's clock, a jti used before is still a
 * replay, a revoked client stays revoked. Tokens are stored by their SHA-256, never as
 * themselves: the data file holds no usable bearer token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuthClient, AuthConfig, AuthSystem } from '../contracts/auth.js';
import type { SimulatorContext } from '../core/engine.js';
import type { Clock } from '../core/clock.js';
import type { StateStore, StateTable } from '../core/store/state-store.js';
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
  private readonly tokens: StateTable<IssuedToken>;
  private readonly jtis: StateTable<number>;
  private readonly revoked: StateTable<true>;

  constructor(readonly config: AuthConfig, readonly registry: ClientRegistry, readonly clock: Clock, store: StateStore) {
    this.tokens = store.table<IssuedToken>('auth.tokens');
    this.jtis = store.table<number>('auth.jtis');
    this.revoked = store.table<true>('auth.revoked');
  }

  get smart(): boolean {
    return this.config.mode === 'smart';
  }

  issue(token: Omit<IssuedToken, 'expiresAt'>, expiresAt: number): string {
    if (this.tokens.size >= SWEEP_AT) sweep(this.tokens, (t) => t.expiresAt, this.clock.now());
    // A credential, so unguessable rather than seeded: its value never changes what the simulator does.
    const value = randomBytes(32).toString('base64url');
    this.tokens.set(tokenKey(value), { ...token, expiresAt });
    return value;
  }

  token(value: string): IssuedToken | undefined {
    return this.tokens.get(tokenKey(value));
  }

  /** Make a token expire no later than `at` (the `token-expired` fault). */
  expire(value: string, at: number): void {
    const token = this.token(value);
    if (!token || token.expiresAt <= at) return;
    token.expiresAt = at;
    this.tokens.touch(tokenKey(value));
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
    this.revoked.set(clientId, true);
  }

  isRevoked(clientId: string): boolean {
    return this.revoked.has(clientId);
  }
}

const tokenKey = (value: string) => createHash('sha256').update(value).digest('base64url');

function sweep<V>(table: StateTable<V>, expiry: (v: V) => number, now: number): void {
  for (const [k, v] of [...table.entries()]) if (expiry(v) < now) table.delete(k);
}

const registries = new WeakMap<object, ClientRegistry>();
const states = new WeakMap<SimulatorContext, AuthState>();

/**
 * The auth state of a generation (made on first use, its configured clients registered);
 * the registry is per simulator (keyed by its control object, which survives resets), and its
 * admin-registered clients are kept in the generation's store (read back after a restart,
 * written again after a reset emptied the store).
 */
export function authOf(ctx: SimulatorContext): AuthState {
  let state = states.get(ctx);
  if (!state) {
    const table = ctx.store.table<AuthClient>('auth.clients');
    let registry = registries.get(ctx.control);
    if (!registry) registries.set(ctx.control, (registry = ClientRegistry.restore(table)));
    registry.keepIn(table);
    registry.syncConfig(ctx.config.auth.clients);
    state = new AuthState(ctx.config.auth, registry, ctx.clock, ctx.store);
    states.set(ctx, state);
  }
  return state;
}

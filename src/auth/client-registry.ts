/**
 * Registered SMART clients, by id, each with its public JWKS, the scopes it may be granted and
 * the systems it may call. One registry per simulator: clients from the configuration (or the
 * scenario file) are re-registered on every reset; clients registered over the admin API survive
 * resets, like a real authorization server's registrations, and — kept in a state table —
 * restarts.
 */
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { AuthClient } from '../contracts/auth.js';
import type { StateTable } from '../core/store/state-store.js';

export interface RegisteredClient extends AuthClient {
  readonly source: 'config' | 'admin';
  /** The key set jose verifies assertions against. */
  readonly keySet: JWTVerifyGetKey;
}

export class ClientRegistry {
  private readonly clients = new Map<string, RegisteredClient>();
  private table?: StateTable<AuthClient>;

  /** A registry holding the admin-registered clients a state table kept (after a restart). */
  static restore(table: StateTable<AuthClient>): ClientRegistry {
    const registry = new ClientRegistry();
    for (const c of table.values()) registry.register(c, 'admin');
    return registry;
  }

  /** Keep admin registrations in `table` from now on (the current generation's), starting with those held now. */
  keepIn(table: StateTable<AuthClient>): void {
    this.table = table;
    for (const c of this.clients.values()) if (c.source === 'admin') table.set(c.clientId, stored(c));
  }

  /** Replace the configured clients by `clients`; admin-registered ones stay unless the configuration names them. */
  syncConfig(clients: readonly AuthClient[]): void {
    for (const [id, c] of this.clients) if (c.source === 'config') this.clients.delete(id);
    for (const c of clients) this.register(c, 'config');
  }

  register(client: AuthClient, source: RegisteredClient['source']): RegisteredClient {
    const registered: RegisteredClient = { ...client, source, keySet: createLocalJWKSet(client.jwks) };
    this.clients.set(client.clientId, registered);
    if (source === 'admin') this.table?.set(client.clientId, stored(registered));
    else this.table?.delete(client.clientId);
    return registered;
  }

  get(clientId: string): RegisteredClient | undefined {
    return this.clients.get(clientId);
  }

  remove(clientId: string): boolean {
    this.table?.delete(clientId);
    return this.clients.delete(clientId);
  }

  list(): RegisteredClient[] {
    return [...this.clients.values()];
  }
}

/** What a state table keeps of a client: its registration, not the key set built from it. */
function stored({ source: _source, keySet: _keySet, ...client }: RegisteredClient): AuthClient {
  return client;
}

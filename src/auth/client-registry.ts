/**
 * Registered SMART clients, by id, each with its public JWKS, the scopes it may be granted and
 * the systems it may call. One registry per simulator: clients from the configuration (or the
 * scenario file) are re-registered on every reset; clients registered over the admin API survive
 * resets, like a real authorization server's registrations.
 */
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { AuthClient } from '../contracts/auth.js';

export interface RegisteredClient extends AuthClient {
  readonly source: 'config' | 'admin';
  /** The key set jose verifies assertions against. */
  readonly keySet: JWTVerifyGetKey;
}

export class ClientRegistry {
  private readonly clients = new Map<string, RegisteredClient>();

  /** Replace the configured clients by `clients`; admin-registered ones stay unless the configuration names them. */
  syncConfig(clients: readonly AuthClient[]): void {
    for (const [id, c] of this.clients) if (c.source === 'config') this.clients.delete(id);
    for (const c of clients) this.register(c, 'config');
  }

  register(client: AuthClient, source: RegisteredClient['source']): RegisteredClient {
    const registered: RegisteredClient = { ...client, source, keySet: createLocalJWKSet(client.jwks) };
    this.clients.set(client.clientId, registered);
    return registered;
  }

  get(clientId: string): RegisteredClient | undefined {
    return this.clients.get(clientId);
  }

  remove(clientId: string): boolean {
    return this.clients.delete(clientId);
  }

  list(): RegisteredClient[] {
    return [...this.clients.values()];
  }
}

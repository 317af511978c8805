/**
 * The auth system's routes: discovery and the token endpoint of each system (payer, EHR), and
 * client registration under `/__admin/auth/clients` (list, register or replace by id, remove).
 * Registered first, so `.well-known` is never taken for a FHIR type by the EHR's `/:type/:id`.
 */
import { AuthClientSchema, AUTH_SYSTEMS, smartConfigurationPath, tokenPath } from '../contracts/auth.js';
import type { SystemFactory } from '../core/engine.js';
import { jsonResponse, notFound, OperationOutcomeError, outcome } from '../core/operation-outcome.js';
import type { Route } from '../core/router.js';
import { authOf } from './auth-state.js';
import type { RegisteredClient } from './client-registry.js';
import { smartConfiguration } from './smart-configuration.js';
import { createTokenHandler } from './token-endpoint.js';

export const createAuth: SystemFactory = (ctx) => {
  // at once, not on first use: a reset emptied the store, and the admin-registered clients must be in it again before any commit
  authOf(ctx);
  const view = (c: RegisteredClient) => ({
    clientId: c.clientId, kids: c.jwks.keys.map((k) => k.kid ?? '(no kid)'), scopes: c.scopes, systems: c.systems, source: c.source, revoked: authOf(ctx).isRevoked(c.clientId),
  });
  const discovery: Route[] = AUTH_SYSTEMS.flatMap((system): Route[] => [
    {
      method: 'GET',
      path: smartConfigurationPath(system),
      handler: (req) => {
        if (!authOf(ctx).smart) throw new OperationOutcomeError(outcome('not-found', `SMART auth is off on this simulator (auth: none): the ${system} needs no token`), 404);
        return jsonResponse(smartConfiguration(req, system));
      },
    },
    { method: 'POST', path: tokenPath(system), errors: 'problem', handler: createTokenHandler(ctx, system) },
  ]);
  return {
    name: 'auth',
    routes: [
      ...discovery,
      { method: 'GET', path: '/__admin/auth/clients', handler: () => jsonResponse({ mode: ctx.config.auth.mode, clients: authOf(ctx).registry.list().map(view) }) },
      {
        method: 'POST',
        path: '/__admin/auth/clients',
        handler: async (req) => {
          const client = await req.json(AuthClientSchema);
          const existed = !!authOf(ctx).registry.get(client.clientId);
          return jsonResponse(view(authOf(ctx).registry.register(client, 'admin')), existed ? 200 : 201);
        },
      },
      {
        method: 'DELETE',
        path: '/__admin/auth/clients/:id',
        handler: (req) => {
          if (!authOf(ctx).registry.remove(req.params.id!)) throw notFound(`client "${req.params.id}"`);
          return new Response(null, { status: 204 });
        },
      },
    ],
  };
};

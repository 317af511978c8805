/**
 * The auth endpoints for the OpenAPI document (discovery, token endpoints, client registration),
 * their schemas, and the OAuth 2.0 security schemes with the scope each protected operation
 * needs when the simulator runs `auth: smart`.
 */
import type { z } from 'zod';
import type { ApiEndpoint } from './api-endpoint.js';
import {
  AUTH_SYSTEMS, AuthClientListSchema, AuthClientSchema, AuthClientViewSchema, isGuardedPath, OAuthErrorSchema, requiredScope, scopeName,
  smartConfigurationPath, SmartConfigurationSchema, TokenRequestSchema, TokenResponseSchema, tokenPath, type AuthSystem,
} from './auth.js';

export const AUTH_SCHEMAS: Record<string, z.ZodType> = {
  SmartConfiguration: SmartConfigurationSchema,
  TokenRequest: TokenRequestSchema,
  TokenResponse: TokenResponseSchema,
  OAuthError: OAuthErrorSchema,
  AuthClient: AuthClientSchema,
  AuthClientView: AuthClientViewSchema,
  AuthClientList: AuthClientListSchema,
};

const JSON_ = 'application/json';
const oauthError = (description: string) => ({ description, schema: 'OAuthError', contentType: JSON_ });

export const AUTH_ENDPOINTS: ApiEndpoint[] = [
  ...AUTH_SYSTEMS.flatMap((system): ApiEndpoint[] => [
    {
      method: 'GET', path: smartConfigurationPath(system), operationId: `${system}SmartConfiguration`, tag: system,
      summary: `SMART discovery for the ${system} (auth: smart): token endpoint, private_key_jwt with RS384/ES384, client_credentials, scopes`,
      responses: { 200: { description: 'the SMART configuration', schema: 'SmartConfiguration', contentType: JSON_ }, 404: { description: 'auth is off (auth: none)', schema: 'OperationOutcome' } },
    },
    {
      method: 'POST', path: tokenPath(system), operationId: `${system}Token`, tag: system,
      summary: `SMART Backend Services token endpoint of the ${system}: client_credentials with a signed client assertion; tokens expire on the simulator's clock`,
      request: { schema: 'TokenRequest', contentType: 'application/x-www-form-urlencoded' },
      responses: {
        200: { description: 'an access token', schema: 'TokenResponse', contentType: JSON_ },
        400: oauthError('invalid_request, unsupported_grant_type, invalid_client (unknown client, bad signature, aud, exp, revoked key), invalid_grant (replayed jti), invalid_scope'),
        404: oauthError('auth is off (auth: none)'),
        413: { description: 'body too large', schema: 'Problem' },
      },
    },
  ]),
  { method: 'GET', path: '/__admin/auth/clients', operationId: 'listAuthClients', tag: 'admin', summary: 'Registered SMART clients and the auth mode', responses: { 200: { description: 'clients', schema: 'AuthClientList' } } },
  {
    method: 'POST', path: '/__admin/auth/clients', operationId: 'registerAuthClient', tag: 'admin', summary: 'Register a SMART client by its public JWKS (same clientId replaces it; survives resets)',
    request: { schema: 'AuthClient' },
    responses: { 201: { description: 'registered', schema: 'AuthClientView' }, 200: { description: 'replaced', schema: 'AuthClientView' }, 400: { description: 'invalid registration (errors[].path names the field)', schema: 'Problem' } },
  },
  {
    method: 'DELETE', path: '/__admin/auth/clients/:id', operationId: 'removeAuthClient', tag: 'admin', summary: 'Remove a SMART client: its tokens stop working',
    parameters: [{ name: 'id', in: 'path', description: 'client id' }], responses: { 204: { description: 'removed' }, 404: { description: 'no such client', schema: 'Problem' } },
  },
];

const schemeOf = (system: AuthSystem) => `smart${system[0]!.toUpperCase()}${system.slice(1)}`;

/** One OAuth 2.0 client-credentials scheme per system (the assertion itself is private_key_jwt, which OpenAPI cannot name). */
export const SECURITY_SCHEMES: Record<string, unknown> = Object.fromEntries(AUTH_SYSTEMS.map((system) => [schemeOf(system), {
  type: 'oauth2',
  description: `SMART Backend Services (only when the simulator runs auth: smart): POST ${tokenPath(system)} with grant_type=client_credentials and a private_key_jwt client assertion (RS384 or ES384); discovery at ${smartConfigurationPath(system)}. Bearer tokens expire on the simulator's clock.`,
  flows: { clientCredentials: { tokenUrl: tokenPath(system), scopes: { 'system/*.read': 'read and search every type', 'system/*.write': 'create, update, delete every type', 'system/Claim.write': 'Claim/$submit', 'system/Claim.read': 'Claim/$inquire', 'system/Subscription.write': 'create and delete Subscriptions', 'system/Subscription.read': 'read Subscriptions', 'system/Patient.read': 'read Patients and $everything' } } },
}]));

/** CDS Hooks 2.0: the client's own signed JWT on every hook call (auth.cdsHooks: jwt). */
SECURITY_SCHEMES.cdsHooksJwt = {
  type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
  description: 'CDS Hooks 2.0 client JWT (only when the simulator runs auth.cdsHooks: jwt): signed RS384 or ES384 by a registered client, header kid (optionally jku), claims iss, sub = client id, aud = the service URL called, exp (at most 5 min ahead), iat, a unique jti, optional tenant.',
};

/** The security requirement of an endpoint under `auth: smart`, or undefined when it is open. */
export function endpointSecurity(e: ApiEndpoint): Record<string, string[]>[] | undefined {
  if (e.method === 'POST' && e.path === '/payer/cds-services/:id') return [{ cdsHooksJwt: [] }];
  const system = AUTH_SYSTEMS.find((s) => isGuardedPath(e.path, s));
  if (!system) return undefined;
  const segments = e.path.slice(`/${system}/fhir/`.length).split('/');
  return [{ [schemeOf(system)]: [scopeName(requiredScope(e.method, segments))] }];
}

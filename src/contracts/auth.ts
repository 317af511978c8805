/**
 * SMART Backend Services (SMART App Launch 2.x) as data: the auth section of the simulator's
 * configuration and of a scenario file (`auth: none | smart`, registered clients by JWKS), the
 * discovery document, the token response and RFC 6749 errors, and the system scopes
 * (`system/Claim.write`, v2 `system/Claim.c`) with what each FHIR interaction requires.
 */
import { z } from 'zod';

export const AUTH_SYSTEMS = ['payer', 'ehr'] as const;
export const AuthSystemSchema = z.enum(AUTH_SYSTEMS);
export type AuthSystem = z.infer<typeof AuthSystemSchema>;

/** The signing algorithms the token endpoint accepts for client assertions (SMART: RS384 and ES384). */
export const ASSERTION_ALGS = ['RS384', 'ES384'] as const;
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART: a client assertion may be valid for at most five minutes. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

/** Where each system's token endpoint and discovery document live (relative to the public base URL). */
export const tokenPath = (system: AuthSystem) => `/${system}/auth/token`;
export const smartConfigurationPath = (system: AuthSystem) => `/${system}/fhir/.well-known/smart-configuration`;

/**
 * A public JWK: RSA (n, e) or EC P-384 (crv, x, y). Private members are refused so a
 * registration never stores a private key by mistake.
 */
export const PublicJwkSchema = z.looseObject({
  kty: z.enum(['RSA', 'EC']),
  kid: z.string().min(1).max(128).optional(),
  alg: z.enum(ASSERTION_ALGS).optional(),
  use: z.literal('sig').optional(),
  n: z.string().max(2048).optional(),
  e: z.string().max(16).optional(),
  crv: z.literal('P-384').optional(),
  x: z.string().max(128).optional(),
  y: z.string().max(128).optional(),
  d: z.undefined({ error: 'a registered JWK must be public: remove "d" (the private key)' }).optional(),
}).refine((k) => (k.kty === 'RSA' ? !!k.n && !!k.e : !!k.crv && !!k.x && !!k.y), { message: 'an RSA key needs n and e; an EC key needs crv P-384, x and y' });
export type PublicJwk = z.infer<typeof PublicJwkSchema>;

export const JwksSchema = z.object({ keys: z.array(PublicJwkSchema).min(1).max(10) });
export type Jwks = z.infer<typeof JwksSchema>;

/**
 * One system scope, v1 (`read`, `write`, `*`) or v2 (permissions `c r u d s` in that order).
 * Bounded and anchored: linear on any input.
 */
export const SCOPE_PATTERN = /^system\/(\*|[A-Z][A-Za-z]{0,63})\.(read|write|\*|c?r?u?d?s?)$/;
export const ScopeSchema = z.string().max(80).regex(SCOPE_PATTERN, 'a SMART system scope: system/{Type|*}.{read|write|*} or v2 system/{Type|*}.{cruds}');

/**
 * CDS Hooks 2.0 (trusting CDS clients): the allow-lists a CDS service keeps per client. `sub` is
 * always the client id; `iss` must be one of `issuers` (default: the client id); a JWT whose
 * header names a `jku` is verified against the JWK Set fetched from there only when `jku` is
 * registered here, else against the registered `jwks`.
 */
export const CdsHooksClientSchema = z.object({
  /** Accepted `iss` values (the CDS client's issuer URI). Default: the client id. */
  issuers: z.array(z.string().min(1).max(512)).min(1).max(10).optional(),
  /** The JWK Set URL a JWT header's `jku` may name (fetched through the outbound allowlist). */
  jku: z.url({ protocol: /^https?$/ }).max(512).optional(),
}).strict();
export type CdsHooksClient = z.infer<typeof CdsHooksClientSchema>;

export const AuthClientSchema = z.object({
  /** The client id: `iss` and `sub` of its assertions. */
  clientId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'a client id: 1–128 of A-Z a-z 0-9 . _ : -'),
  jwks: JwksSchema,
  /** The most this client may be granted; a token request gets the requested scopes these cover. */
  scopes: z.array(ScopeSchema).min(1).max(50).default(['system/*.read', 'system/*.write']),
  /** The systems whose token endpoint accepts it (a client registered for the payer may also call its CDS services). */
  systems: z.array(AuthSystemSchema).min(1).default([...AUTH_SYSTEMS]),
  /** As a CDS Hooks client (`auth.cdsHooks: jwt`): what its hook-call JWTs may carry beyond the defaults. */
  cdsHooks: CdsHooksClientSchema.optional(),
}).strict();
export type AuthClient = z.infer<typeof AuthClientSchema>;
export type AuthClientInput = z.input<typeof AuthClientSchema>;

const AuthObjectSchema = z.object({
  /** `none`: FHIR routes answer anyone (msw and in-process users). `smart`: a bearer token from the token endpoint is required. */
  mode: z.enum(['none', 'smart']).default('none'),
  /** `expires_in` of the access tokens, on the simulator's clock. */
  tokenLifetimeSeconds: z.number().int().min(1).max(86_400).default(300),
  /** Tolerance for `exp`/`iat` of client assertions. */
  clockLeewaySeconds: z.number().int().min(0).max(600).default(60),
  /** Clients registered at start (and again after every reset). */
  clients: z.array(AuthClientSchema).max(100).default([]),
  /**
   * CDS Hooks calls (`POST /payer/cds-services/{id}`). `open`: anyone may call. `jwt`: every call
   * carries `Authorization: Bearer {JWT}` signed (RS384/ES384) by a registered client, as CDS Hooks
   * 2.0 defines it (iss, sub = client id, aud = the service URL, exp, iat, jti; kid in the header);
   * independent of `mode`. Discovery stays open.
   */
  cdsHooks: z.enum(['open', 'jwt']).default('open'),
}).strict();

/** `auth: smart` is short for `auth: { mode: smart }`; absent means `none`. */
export const AuthConfigSchema = z.union([
  z.enum(['none', 'smart']).transform((mode) => AuthObjectSchema.parse({ mode })),
  AuthObjectSchema,
]).prefault({});
export type AuthConfig = z.infer<typeof AuthConfigSchema>;
export type AuthConfigInput = z.input<typeof AuthConfigSchema>;

/** `GET {fhirBase}/.well-known/smart-configuration` (only what backend services use). */
export const SmartConfigurationSchema = z.looseObject({
  issuer: z.string().optional(),
  token_endpoint: z.string().min(1),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  token_endpoint_auth_signing_alg_values_supported: z.array(z.string()),
  grant_types_supported: z.array(z.string()),
  scopes_supported: z.array(z.string()),
  capabilities: z.array(z.string()),
});
export type SmartConfiguration = z.infer<typeof SmartConfigurationSchema>;

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive(),
  scope: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const OAuthErrorCodeSchema = z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']);
export type OAuthErrorCode = z.infer<typeof OAuthErrorCodeSchema>;
/** RFC 6749 §5.2. */
export const OAuthErrorSchema = z.object({ error: OAuthErrorCodeSchema, error_description: z.string().optional() });

/** A registered client as `GET /__admin/auth/clients` shows it. */
export const AuthClientViewSchema = z.object({
  clientId: z.string(),
  kids: z.array(z.string()),
  scopes: z.array(z.string()),
  systems: z.array(AuthSystemSchema),
  /** `config`: from the configuration or scenario (re-registered on reset); `admin`: registered over the admin API. */
  source: z.enum(['config', 'admin']),
  /** Revoked by a `key-revoked` fault until the next reset. */
  revoked: z.boolean(),
});
export const AuthClientListSchema = z.object({ mode: z.enum(['none', 'smart']), clients: z.array(AuthClientViewSchema) });

/** A FHIR interaction as a v2 permission letter. */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export interface ScopeRequirement {
  /** A resource type, or `*` when the route serves several (`/ehr/fhir/:type`). */
  readonly resourceType: string;
  readonly permission: Permission;
}

const OPERATION_PERMISSION: Record<string, Permission> = { $submit: 'c', $inquire: 's', $everything: 'r', '$questionnaire-package': 'r', '$next-question': 'r' };

/**
 * What a call under a FHIR base requires: the resource type is the first segment after the base,
 * the permission follows from method and shape (read `r`, search `s`, create `c`, update `u`,
 * delete `d`; `$submit` creates, `$inquire` searches, `$everything` reads).
 * @example requiredScope('POST', ['Claim', '$submit']) // { resourceType: 'Claim', permission: 'c' }
 */
export function requiredScope(method: string, segments: readonly string[]): ScopeRequirement {
  const [type = '*', second, third] = segments;
  const operation = [second, third].find((s) => s?.startsWith('$'));
  let permission: Permission;
  if (operation) permission = OPERATION_PERMISSION[operation] ?? (method === 'GET' ? 'r' : 'c');
  else if (method === 'GET' || method === 'HEAD') permission = second === undefined ? 's' : 'r';
  else if (method === 'POST') permission = 'c';
  else if (method === 'DELETE') permission = 'd';
  else permission = 'u';
  return { resourceType: type.startsWith(':') ? '*' : type, permission };
}

const V1: Record<string, readonly Permission[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };

export interface ParsedScope {
  readonly resourceType: string;
  readonly permissions: ReadonlySet<Permission>;
}

/** `system/Claim.write` → { Claim, {c,u,d} }; undefined when not a system scope. */
export function parseScope(scope: string): ParsedScope | undefined {
  if (scope.length > 80) return undefined;
  const m = SCOPE_PATTERN.exec(scope);
  if (!m || m[2] === '') return undefined;
  const perms = V1[m[2]!] ?? ([...m[2]!] as Permission[]);
  return { resourceType: m[1]!, permissions: new Set(perms) };
}

/** Whether `granted` covers `wanted` (a type scope or `*`, with every permission wanted). */
export function scopeCovers(granted: ParsedScope, wanted: ParsedScope): boolean {
  if (granted.resourceType !== '*' && granted.resourceType !== wanted.resourceType) return false;
  return [...wanted.permissions].every((p) => granted.permissions.has(p));
}

/** Whether any scope of `scopes` allows the requirement. */
export function scopesAllow(scopes: readonly string[], need: ScopeRequirement): boolean {
  const wanted: ParsedScope = { resourceType: need.resourceType, permissions: new Set([need.permission]) };
  return scopes.some((s) => {
    const p = parseScope(s);
    if (!p) return false;
    // a route serving several types (`*`) needs a wildcard scope
    return need.resourceType === '*' ? p.resourceType === '*' && p.permissions.has(need.permission) : scopeCovers(p, wanted);
  });
}

/** The v1 scope that names a requirement, for error messages and the OpenAPI document. */
export function scopeName(need: ScopeRequirement): string {
  return `system/${need.resourceType}.${need.permission === 'r' || need.permission === 's' ? 'read' : 'write'}`;
}

/** Whether a route path (router or OpenAPI style) needs a token under `auth: smart`: under a FHIR base, except metadata and discovery. */
export function isGuardedPath(path: string, system: AuthSystem): boolean {
  const base = `/${system}/fhir/`;
  return path.startsWith(base) && path !== `${base}metadata` && !path.startsWith(`${base}.well-known/`);
}

/** The client_credentials token request (form fields). */
export const TokenRequestSchema = z.object({
  grant_type: z.literal('client_credentials'),
  client_assertion_type: z.literal(CLIENT_ASSERTION_TYPE),
  /** A JWT signed RS384 or ES384: iss = sub = client id, aud = the token URL, exp ≤ 5 min ahead, unique jti. */
  client_assertion: z.string(),
  /** Space-separated system scopes, e.g. `system/Claim.write system/Claim.read`. */
  scope: z.string(),
});

/**
 * The orchestrator as an authenticated CDS Hooks client (CDS Hooks 2.0, trusting CDS clients):
 * one JWT per hook call, signed with the same key pair as its SMART assertions (ES384 or RS384,
 * `kid` = the key's thumbprint, optionally `jku`), with iss, sub = client id, aud = the URL of
 * the service called, iat and exp read from the orchestrator's clock, optional tenant.
 *
 * The jti is derived, not random: from the client, the service, the hook instance, the clock, the
 * durable invocation making the call and a per-signer count, so a run replays the same JWTs from
 * its seed and clock while no two calls share one — a retried step re-sending the same hook
 * instance at the same instant included, in this process or in one restarted after a crash.
 */
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ClientKey } from './client-key.js';

export interface CdsHooksClientConfig {
  /** `sub`: the client id the CDS service has our keys registered under. */
  readonly clientId: string;
  readonly key: ClientKey;
  /** `iss` (default: the client id); the service must have it on its allow-list. */
  readonly issuer?: string;
  /** `tenant`: the healthcare organization calling, when the service wants to know. */
  readonly tenant?: string;
  /** A JWK Set URL to name in the header (the service fetches our keys from it). */
  readonly jku?: string;
}

/** Where the orchestrator serves its public JWK Set (relative to its public URL), for a `jku`. */
export const JWKS_PATH = '/.well-known/jwks.json';

/** Signs the Authorization JWT of one hook call to `serviceUrl`. */
export type CdsHooksSigner = (serviceUrl: string, hookInstance: string) => Promise<string>;

/** CDS Hooks: short-lived; the simulator (like SMART) refuses more than five minutes. */
const LIFETIME_S = 240;

/**
 * `scope`: what names the current durable invocation (`{executionId}#{invocation}`), if any.
 * @example
 * const sign = createCdsHooksSigner({ clientId: 'prior-auth-orchestrator', key, now: () => clock.now() });
 * headers.authorization = `Bearer ${await sign(url, hookInstance)}`;
 */
export function createCdsHooksSigner(config: CdsHooksClientConfig & { readonly now: () => number; readonly scope?: () => string | undefined }): CdsHooksSigner {
  let count = 0;
  return (serviceUrl, hookInstance) => {
    const nowMs = config.now();
    const iat = Math.floor(nowMs / 1000);
    count += 1;
    // the scope (execution and invocation) differs after a restart, where the count starts over
    const jti = createHash('sha256').update(`${config.clientId}\n${serviceUrl}\n${hookInstance}\n${nowMs}\n${config.scope?.() ?? ''}\n${count}`).digest('base64url').slice(0, 32);
    return new SignJWT({ jti, ...(config.tenant ? { tenant: config.tenant } : {}) })
      .setProtectedHeader({ alg: config.key.alg, kid: config.key.kid, typ: 'JWT', ...(config.jku ? { jku: config.jku } : {}) })
      .setIssuer(config.issuer ?? config.clientId).setSubject(config.clientId).setAudience(serviceUrl)
      .setIssuedAt(iat).setExpirationTime(iat + LIFETIME_S)
      .sign(config.key.privateKey);
  };
}

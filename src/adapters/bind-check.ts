/**
 * What `serve` checks before it binds: a non-loopback address exposes the admin API, the
 * review system and every fault switch to the network, so it needs an admin token (refused
 * otherwise) and prints a warning naming what is exposed.
 */
import { isIP } from 'node:net';

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

/** Why binding `host` is refused with these settings, or undefined when it may go ahead. */
export function bindRefusal(host: string, adminToken: string | undefined): string | undefined {
  if (isLoopbackHost(host) || adminToken) return undefined;
  return `refusing to bind ${host}: it is not a loopback address, and the admin API (reset, clock, faults, scenarios, claims) would be open to the network. Pass --admin-token <secret> (at least 16 characters), or bind 127.0.0.1.`;
}

/** The warning printed when binding a non-loopback address. */
export function exposureWarning(host: string, port: number, allowHosts: readonly string[]): string {
  return [
    `WARNING: prior-auth-sim is listening on ${host}:${port}, reachable from the network.`,
    '  Exposed: the EHR (synthetic patients), the payer (PAS $submit/$inquire, Subscriptions), the review system',
    '  (anyone who can reach it can decide review tasks), OpenAPI, and /__admin (behind the admin token).',
    `  Outbound deliveries go only to: ${allowHosts.join(', ')}. This is a simulator: synthetic data only.`,
  ].join('\n');
}

/**
 * Outbound calls the simulator makes on a client's behalf — review decision deliveries,
 * Subscription handshakes, heartbeats and notifications — go only to hosts on this allowlist,
 * so a client cannot use the simulator to reach (or map) the network it runs in.
 */
import { z } from 'zod';

/** Loopback only, unless configured otherwise. */
export const DEFAULT_OUTBOUND_HOSTS = ['localhost', '127.0.0.1', '::1'] as const;

export const OutboundConfigSchema = z.object({
  /**
   * Host names or IP addresses (no port, no scheme; IPv6 without brackets) the simulator may
   * POST to; `*` allows every host. `serve --allow-outbound host,host`.
   */
  allowHosts: z.array(z.string().min(1).max(253).regex(/^(?:\*|[\w.:-]+)$/, 'a host name or IP address, or *')).default([...DEFAULT_OUTBOUND_HOSTS]),
});
export type OutboundConfig = z.infer<typeof OutboundConfigSchema>;

/** The host of a URL as the allowlist names it: lower case, IPv6 without brackets. */
export function outboundHost(url: URL): string {
  const host = url.hostname.toLowerCase();
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Whether the simulator may call `url`; undefined when it may, else why not (without contacting it). */
export function outboundRefusal(config: OutboundConfig, raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not an absolute URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} URLs are not called: use http(s)`;
  if (config.allowHosts.includes('*')) return undefined;
  const host = outboundHost(url);
  if (config.allowHosts.some((h) => h.toLowerCase() === host)) return undefined;
  return `host ${host} is not on the simulator's outbound allowlist (${config.allowHosts.join(', ')}); add it with serve --allow-outbound or outbound.allowHosts`;
}

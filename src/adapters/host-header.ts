/**
 * What a Host header may be (RFC 9110 §7.2, RFC 3986 §3.2.2): `host[:port]`, the host a
 * registered name, an IPv4 address or a bracketed IPv6 literal, the port 0–65535. Checked
 * without a backtracking regex on the whole value, so its cost is linear in the header.
 */
const REG_NAME = /^[\w.~!$&'()*+,;=%-]{1,253}$/;
const IPV6_LITERAL = /^\[[\d.:A-Fa-f]{2,45}\]$/;
const PORT = /^\d{1,5}$/;

export function isValidHost(value: string): boolean {
  let host = value;
  let port: string | undefined;
  const close = value.lastIndexOf(']');
  const colon = value.lastIndexOf(':');
  if (colon > close) {
    host = value.slice(0, colon);
    port = value.slice(colon + 1);
  }
  if (port !== undefined && (!PORT.test(port) || Number(port) > 65_535)) return false;
  return host.startsWith('[') ? IPV6_LITERAL.test(host) : REG_NAME.test(host);
}

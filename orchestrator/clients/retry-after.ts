/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date read relative to the
 * response's own `Date` header — never the local clock, so the result is deterministic.
 */

/**
 * Seconds to wait, or undefined when absent or unreadable.
 * @example parseRetryAfter(new Headers({ 'retry-after': '120' })) // 120
 */
export function parseRetryAfter(headers: Headers): number | undefined {
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const at = Date.parse(raw);
  const date = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(at) || Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((at - date) / 1000));
}

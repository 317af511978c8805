/**
 * A claim's response Bundle as JSON text, serialised once per claim state: `$inquire` polls the
 * same claim over and over, and building the Bundle and stringifying it was about a tenth of the
 * request's CPU. The text is byte-for-byte `JSON.stringify(buildResponseBundle(...))`; only the
 * Bundle's `timestamp` (the time of the answer) is spliced in per request.
 *
 * Keyed by claim id, version, last change and origin: every change of a claim (a pend resolved,
 * a release) bumps its version, and the payer config is fixed for the life of the handler that
 * owns the cache (a reset builds new handlers). Bounded in entries, so it keeps a few hundred
 * answers at most, not one per stored claim.
 */
import type { PayerConfig } from '../contracts/payer-config.js';
import { LruCache } from '../core/lru-cache.js';
import type { ClaimRecord } from './claim-store.js';
import { buildResponseBundle } from './response-builder.js';

/** Claims whose answer text is kept (a few KB each). */
export const RESPONSE_TEXT_CACHE_ENTRIES = 256;

interface Split {
  /** Everything up to and including `"timestamp":`. */
  readonly head: string;
  /** Everything after the timestamp's value. */
  readonly tail: string;
}

const stamp = (now: number) => JSON.stringify(new Date(now).toISOString());

/** `JSON.stringify(buildResponseBundle(claim, config, origin, now))`, from cache when the claim has not changed. */
export function createResponseText(config: PayerConfig, capacity = RESPONSE_TEXT_CACHE_ENTRIES): (claim: ClaimRecord, origin: string, now: number) => string {
  const cache = new LruCache<string, Split>(capacity);
  return (claim, origin, now) => {
    const key = `${claim.id}\u0000${claim.version}\u0000${claim.updatedAt}\u0000${origin}`;
    const hit = cache.get(key);
    if (hit) return hit.head + stamp(now) + hit.tail;
    const bundle = buildResponseBundle(claim, config, origin, now);
    const text = JSON.stringify(bundle);
    const split = splitAtTimestamp(bundle, text);
    if (split) cache.set(key, split);
    return text;
  };
}

/**
 * `text` cut around the timestamp's value, or undefined if the Bundle's members are not in the
 * order assumed here (then nothing is cached and every answer is built in full).
 */
function splitAtTimestamp(bundle: ReturnType<typeof buildResponseBundle>, text: string): Split | undefined {
  const { resourceType, id, identifier, type, timestamp } = bundle;
  const before = JSON.stringify({ resourceType, id, identifier, type });
  const head = `${before.slice(0, -1)},"timestamp":`;
  const value = JSON.stringify(timestamp);
  if (!text.startsWith(head + value)) return undefined;
  return { head, tail: text.slice(head.length + value.length) };
}

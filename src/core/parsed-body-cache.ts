/**
 * Request bodies parsed and validated once per distinct text, for routes that clients poll with
 * the same body over and over (`$inquire`: the same inquiry Bundle until the decision comes).
 * Parsing and validating the ~2 KB inquiry was the largest part of its CPU. Every request is
 * still checked as `req.json` checks it — the content type each time; the text, when it was
 * not seen before, for size, depth, JSON syntax and the schema — and an identical text gives an
 * identical result, so the answer is the same. Results are frozen (a handler cannot change what
 * the next request gets) and bounded in entries; only texts that validated are kept.
 */
import type { z } from 'zod';
import { LruCache } from './lru-cache.js';
import { assertJsonBody, type SimRequest } from './router.js';

/** Distinct bodies kept per route. */
export const PARSED_BODY_CACHE_ENTRIES = 128;
/** Longer bodies are parsed every time: the cache holds at most entries × this many characters (and their trees). */
export const PARSED_BODY_CACHE_MAX_CHARS = 16_384;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** `req.json(schema, root)`, answered from cache when the same text was validated before. */
export function createParsedBodyCache<T extends z.ZodType>(schema: T, root: string, capacity = PARSED_BODY_CACHE_ENTRIES): (req: SimRequest) => Promise<Readonly<z.infer<T>>> {
  const cache = new LruCache<string, z.infer<T>>(capacity);
  // the text answered last, compared before the map is asked: a client polling with one body
  // sends the same text again, and comparing it (a memcmp) is cheaper than hashing it for the map
  let lastText: string | undefined;
  let lastParsed: z.infer<T> | undefined;
  return async (req) => {
    assertJsonBody(req.request);
    const text = await req.text();
    if (text === lastText) return lastParsed!;
    const hit = cache.get(text);
    if (hit !== undefined) {
      [lastText, lastParsed] = [text, hit];
      return hit;
    }
    if (text.length > PARSED_BODY_CACHE_MAX_CHARS) return req.json(schema, root);
    const parsed = deepFreeze(await req.json(schema, root));
    cache.set(text, parsed);
    [lastText, lastParsed] = [text, parsed];
    return parsed;
  };
}

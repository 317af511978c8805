/**
 * `deflateRawSync` with the smallest window that holds its input. zlib sizes its buffers by the
 * window: for the few KB a stored claim's Bundle or an idempotency answer is, setting up the
 * default 32 KB window cost more than compressing (~140 µs against ~50 µs for a 3.6 KB Bundle).
 * When the whole input, plus zlib's look-ahead margin, fits in the window, no match is ever
 * farther than the window, so the bytes are the same as `deflateRawSync(input)`'s (tested) and
 * `inflateRawSync` reads them with its default window.
 */
import { deflateRawSync } from 'node:zlib';

/** zlib's MIN_LOOKAHEAD: a match may reach back at most the window size less this. */
const LOOKAHEAD = 262;
/** zlib's smallest raw-deflate window (2^9) and its default (2^15). */
const MIN_BITS = 9;
const MAX_BITS = 15;

/** The window bits for an input of `bytes` bytes: the smallest window it fits in, at most zlib's default. */
export function windowBitsFor(bytes: number): number {
  let bits = MIN_BITS;
  while (bits < MAX_BITS && 1 << bits < bytes + LOOKAHEAD) bits++;
  return bits;
}

/** The same bytes as `deflateRawSync(input)`, sooner for small inputs. */
export function deflateRaw(input: string | Uint8Array): Buffer {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  return deflateRawSync(input, { windowBits: windowBitsFor(bytes) });
}

/**
 * How deeply a JSON text nests, found in one linear scan without parsing it. Bodies nested
 * deeper than any API document here are refused before `JSON.parse`, because every recursive
 * walk after it (zod, canonical JSON for idempotency fingerprints) would overflow the stack on
 * a 1 MiB `[[[[…` body.
 */

/** Deepest nesting the simulator accepts; PAS Bundles reach about 12. */
export const MAX_JSON_DEPTH = 64;

/** The greatest depth of `[`/`{` in a JSON text, ignoring brackets inside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return max;
}

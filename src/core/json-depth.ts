/**
 * How deeply a JSON text nests, found in one linear scan without parsing it. Bodies nested
 * deeper than any API document here are refused before `JSON.parse`, because every recursive
 * walk after it (zod, canonical JSON for idempotency fingerprints) would overflow the stack on
 * a 1 MiB `[[[[…` body.
 */

/** Deepest nesting the simulator accepts; PAS Bundles reach about 12. */
export const MAX_JSON_DEPTH = 64;

/**
 * The greatest depth of `[`/`{` in a JSON text, ignoring brackets inside strings. String
 * contents, most of a FHIR document's bytes, are skipped with `indexOf` (native) rather than
 * read a character at a time: each closing-quote candidate looks back only over the backslashes
 * right before it, which lie between it and the previous quote, so the whole scan stays linear.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = closingQuote(text, i);
      if (end < 0) return max; // unterminated: JSON.parse refuses it next
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return max;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    for (let k = at - 1; k > open && text.charCodeAt(k) === 0x5c; k -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
}

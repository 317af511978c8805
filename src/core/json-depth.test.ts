import { jsonDepth } from './json-depth.js';

/** The plain character-at-a-time scan `jsonDepth` must agree with. */
function reference(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth -= 1;
  }
  return max;
}

describe('jsonDepth', () => {
  it('counts nesting outside strings only, escapes included', () => {
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[{{{"}')).toBe(1);
    expect(jsonDepth('["\\"[[[", "\\\\", [[]]]')).toBe(3);
    expect(jsonDepth('["\\\\"]')).toBe(1);
    expect(jsonDepth('"unterminated [[[')).toBe(0);
    expect(jsonDepth('[[[ "unterminated')).toBe(3);
    expect(jsonDepth('[' .repeat(100_000))).toBe(100_000);
  });

  it('agrees with a character-at-a-time scan on generated texts', () => {
    // a seeded LCG: the same texts every run
    let state = 20261129;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['[', ']', '{', '}', '"', '\\', 'a', ',', ':', ' '];
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = Math.floor(next() * 60);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect([text, jsonDepth(text)]).toEqual([text, reference(text)]);
    }
  });

  it('reads long backslash runs before quotes right', () => {
    // a look-back over each quote's backslash run: escaped and unescaped quotes after 100,000 backslashes
    const text = `["${'\\\\'.repeat(50_000)}\\"${'\\\\'.repeat(50_000)}"]`;
    expect(jsonDepth(text)).toBe(1);
    expect(reference(text)).toBe(1);
  });
});

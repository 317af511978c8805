import { canonicalJson, fingerprint } from './idempotency-store.js';
import { meetsCriteria, pasBundle } from './testing/pas-fixtures.js';

/** The definition, written plainly (as it was before it was made faster): keys sorted by code unit, then JSON. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson', () => {
  const values: unknown[] = [
    pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }),
    { b: [3, { z: null, a: 'é\u2028"\\' }, [], {}], a: -0.5e-7, 'ü': true, '': false, '10': 1, '9': 2 },
    [], {}, 'text', 0, null, [[[]]],
  ];

  it('is JSON with every object key sorted (integer-like keys too), for any parsed JSON', () => {
    expect(canonicalJson({ '9': 1, '10': 2, '': 3 })).toBe('{"":3,"10":2,"9":1}');
    for (const v of values) {
      const parsed: unknown = JSON.parse(JSON.stringify(v));
      expect(canonicalJson(parsed)).toBe(reference(parsed));
    }
  });

  it('stays the definition past its bound on remembered keys, and for keys that need escaping', () => {
    // more distinct keys than the quoted-key cache keeps, some of them long or with characters JSON escapes
    const many = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [i % 7 === 0 ? `k"\\\n${i}${'x'.repeat(i % 90)}` : `key-${(i * 7919) % 6000}`, i % 3 === 0 ? { [`__proto__`]: i } : [i, `v${i}`]]));
    const parsed: unknown = JSON.parse(JSON.stringify([many, many]));
    expect(canonicalJson(parsed)).toBe(reference(parsed));
    expect(canonicalJson(JSON.parse('{"__proto__":{"b":1,"a":2},"constructor":0}'))).toBe('{"__proto__":{"a":2,"b":1},"constructor":0}');
  });

  it('fingerprints documents that differ only in key order alike, and different documents apart', () => {
    expect(fingerprint('{"a":1,"b":[{"y":2,"x":1}]}')).toBe(fingerprint('{"b":[{"x":1,"y":2}],"a":1}'));
    expect(fingerprint('{"a":1,"b":[{"y":2,"x":1}]}')).not.toBe(fingerprint('{"a":1,"b":[{"y":1,"x":2}]}'));
  });
});

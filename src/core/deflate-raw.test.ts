import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { deflateRaw, windowBitsFor } from './deflate-raw.js';
import { meetsCriteria, pasBundle } from '../payer/testing/pas-fixtures.js';

describe('deflateRaw', () => {
  it('picks the smallest window that holds the input and the look-ahead margin', () => {
    expect(windowBitsFor(0)).toBe(9);
    expect(windowBitsFor(512 - 262)).toBe(9);
    expect(windowBitsFor(512 - 261)).toBe(10);
    expect(windowBitsFor(3667)).toBe(12);
    expect(windowBitsFor(1 << 20)).toBe(15);
  });

  it('gives the bytes deflateRawSync gives, for generated texts of every size up to past the default window', () => {
    // a seeded LCG: the same texts every run; a PAS Bundle's JSON with some of its words replaced,
    // so the texts repeat at every distance the way stored bodies do
    let state = 20261129;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const base = JSON.stringify(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }));
    let sizes = 0;
    for (let len = 1; len < 80_000; len = Math.ceil(len * 1.15) + 1) {
      const text = base.repeat(Math.ceil(len / base.length)).slice(0, len).replace(/lumbar|Patient|é/g, () => next().toString(36).slice(2, 2 + Math.floor(next() * 8)));
      const fast = deflateRaw(text);
      expect([len, fast.equals(deflateRawSync(text))]).toEqual([len, true]);
      expect(inflateRawSync(fast).toString('utf8')).toBe(text);
      const bytes = Buffer.from(text);
      expect(deflateRaw(bytes).equals(fast)).toBe(true);
      sizes++;
    }
    expect(sizes).toBeGreaterThan(50);
  });

  it('counts bytes, not characters, when it sizes the window', () => {
    const text = 'é'.repeat(300); // 600 bytes: a 512-byte window would be too small
    expect(windowBitsFor(Buffer.byteLength(text))).toBe(10);
    expect(deflateRaw(text).equals(deflateRawSync(text))).toBe(true);
  });
});

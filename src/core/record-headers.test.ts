import { RecordHeaders } from './record-headers.js';

describe('RecordHeaders', () => {
  const record = () => {
    const r: Record<string, string> = Object.create(null) as Record<string, string>;
    Object.assign(r, { 'x-b': '2', 'content-type': 'application/fhir+json', accept: '*/*', 'x-a': '1' });
    return r;
  };
  const entries = (h: Headers) => {
    const out: string[] = [];
    h.forEach((v, k) => out.push(`${k}=${v}`));
    return out;
  };

  it('reads, iterates and changes as a Headers object made from the same record', () => {
    const ours = new RecordHeaders(record()) as unknown as Headers;
    const theirs = new Headers(record());
    expect(ours).toBeInstanceOf(Headers);
    for (const name of ['Content-Type', 'x-a', 'X-B', 'missing', 'constructor', '__proto__', 'toString']) {
      expect([name, ours.get(name), ours.has(name)]).toEqual([name, theirs.get(name), theirs.has(name)]);
    }
    expect(entries(ours)).toEqual(entries(theirs));
    for (const h of [ours, theirs]) {
      h.set('X-C', ' 3 ');
      h.append('x-a', 'one more');
      h.delete('ACCEPT');
    }
    expect(entries(ours)).toEqual(entries(theirs));
    expect(entries(new Headers(ours))).toEqual(entries(theirs));
    expect(() => ours.set('bad name', 'x')).toThrow(TypeError);
    expect(() => ours.set('x-d', 'a\r\nb')).toThrow(TypeError);
  });
});

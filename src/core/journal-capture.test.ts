import type { JournalFilter } from '../contracts/journal.js';
import { RequestJournal, type JournalCapture, type JournalRecord } from './journal.js';

/** Generated captures: repeated and unique URLs and header records, long ones, odd dates, null sizes, faults. */
function captures(count: number): JournalCapture[] {
  let state = 20261130;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const out: JournalCapture[] = [];
  for (let i = 0; i < count; i++) {
    const unique = next() < 0.3;
    out.push({
      atMs: pick([1_796_000_000_000 + i * 1000, 0, -1, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_001, 8.64e15]),
      method: pick(['GET', 'POST', 'PUT']),
      url: unique ? `/ehr/fhir/Patient/p-${i}?${'q'.repeat(Math.floor(next() * 700))}` : pick(['/payer/fhir/Claim/$inquire', '/ehr/fhir/Patient/pat-1', '/x?a=1']),
      system: pick(['payer', 'ehr', 'admin']),
      status: pick([200, 201, 404, 503, 0]),
      outcome: pick(['responded', 'reset', 'hang', 'truncated'] as const),
      handled: next() < 0.8,
      requestHeaders: pick<Record<string, string>>([{}, { 'content-type': 'application/fhir+json', 'content-length': String(Math.floor(next() * 3000)) }, { 'idempotency-key': `k-${i}` }, { 'x-request-id': 'a\u0000b' }, { 'content-type': 'x'.repeat(600) }]),
      responseHeaders: pick<Record<string, string>>([{}, { 'content-type': 'application/fhir+json; charset=utf-8' }, { 'retry-after': '1', 'content-type': 'application/problem+json' }]),
      requestBytes: pick([null, 0, 1723, -5]),
      responseBytes: Math.floor(next() * 5000),
      faults: pick([[], [{ kind: 'http-status', ruleId: 'r1' }], [{ kind: 'latency', ruleId: 'r2', latencyMs: 30 }, { kind: 'truncated-body', ruleId: 'r3' }]]),
      durationMs: pick([0, 12.5, 3000]),
    });
  }
  return out;
}

/** What `record` is given for a capture: the dispatcher's old call. */
function asRecord(c: JournalCapture): JournalRecord {
  const { atMs, method, url, system, status, outcome, handled, requestHeaders, responseHeaders, requestBytes, responseBytes, faults, durationMs } = c;
  return { at: new Date(atMs).toISOString(), method, url, system, status, outcome, handled, requestHeaders, responseHeaders, requestBytes, responseBytes, faults, durationMs };
}

describe('RequestJournal.capture', () => {
  it('holds what record holds: the same entries, field order, sequence, eviction by count and bytes', () => {
    for (const [capacity, maxBytes] of [[10_000, 32 * 1024 * 1024], [50, 1e9], [500, 200_000], [7, 3_000]] as const) {
      const recorded = new RequestJournal(capacity, maxBytes);
      const captured = new RequestJournal(capacity, maxBytes);
      for (const c of captures(1500)) {
        recorded.record(asRecord(c));
        captured.capture(c);
      }
      expect([captured.size, captured.bytes, captured.lastSeq]).toEqual([recorded.size, recorded.bytes, recorded.lastSeq]);
      expect(captured.toNdjson()).toBe(recorded.toNdjson());
    }
  });

  it('filters alike, and mixes with recorded entries in sequence', () => {
    const recorded = new RequestJournal(300);
    const mixed = new RequestJournal(300);
    captures(800).forEach((c, i) => {
      recorded.record(asRecord(c));
      if (i % 3 === 0) mixed.record(asRecord(c));
      else mixed.capture(c);
    });
    const filters: JournalFilter[] = [{}, { system: ['payer'] }, { method: 'POST' }, { path: '/ehr/fhir/Patient' }, { status: 503 }, { fault: ['truncated-body'] }, { since: 700 }, { limit: 5 }, { since: 600, limit: 3 }, { system: ['ehr', 'admin'], method: 'GET', status: 200 }];
    for (const f of filters) expect([f, mixed.query(f)]).toEqual([f, recorded.query(f)]);
    mixed.clear();
    mixed.capture(captures(1)[0]!);
    expect(mixed.all().map((e) => e.seq)).toEqual([801]);
  });

  it('hands each reader its own entry: changing one changes nothing held', () => {
    const j = new RequestJournal(10);
    const c = captures(1)[0]!;
    j.capture({ ...c, requestHeaders: { 'content-type': 'application/json' }, faults: [] });
    j.capture({ ...c, requestHeaders: { 'content-type': 'application/json' }, faults: [] });
    const [a, b] = j.all();
    a!.requestHeaders['content-type'] = 'changed';
    a!.faults.push({ kind: 'hang', ruleId: 'x' });
    expect(b!.requestHeaders['content-type']).toBe('application/json');
    expect(j.all().map((e) => [e.requestHeaders['content-type'], e.faults.length])).toEqual([['application/json', 0], ['application/json', 0]]);
  });

  it('refuses a date toISOString refuses, as the dispatcher did', () => {
    expect(() => new RequestJournal(10).capture({ ...captures(1)[0]!, atMs: 8.64e15 + 1 })).toThrow(RangeError);
  });
});

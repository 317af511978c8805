import { JournalEntrySchema } from '../contracts/journal.js';
import { createEngine } from './engine.js';
import { createTestSystem } from './faults/test-system.js';
import { journalEntryBytes, RequestJournal, type JournalRecord } from './journal.js';

const rec = (over: Partial<JournalRecord> = {}): JournalRecord => ({
  at: '2026-01-05T09:00:00.000Z', method: 'GET', url: '/ehr/fhir/Patient/p-1', system: 'ehr', status: 200, outcome: 'responded',
  handled: true, requestHeaders: {}, responseHeaders: {}, requestBytes: null, responseBytes: 10, faults: [], durationMs: 0, ...over,
});

describe('RequestJournal', () => {
  it('stays bounded at its capacity and keeps the newest entries in order', () => {
    const j = new RequestJournal(100);
    for (let i = 0; i < 1000; i++) j.record(rec({ url: `/ehr/fhir/Patient/p-${i}` }));
    expect(j.size).toBe(100);
    expect(j.lastSeq).toBe(1000);
    const all = j.all();
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 901 + i));
    expect(all[0]!.url).toBe('/ehr/fhir/Patient/p-900');
  });

  it('stays bounded in bytes too: long client-controlled URLs and headers drop the oldest entries first', () => {
    const j = new RequestJournal(10_000, 100_000);
    const long = (i: number) => rec({ url: `/ehr/fhir/Patient/p-${i}?${'x'.repeat(2000)}`, requestHeaders: { 'x-junk': 'y'.repeat(2000) } });
    for (let i = 0; i < 500; i++) j.record(long(i));
    expect(j.bytes).toBeLessThanOrEqual(100_000);
    const held = Math.floor(100_000 / journalEntryBytes(long(0)));
    expect(j.size).toBe(held);
    expect(j.all().map((e) => e.seq)).toEqual(Array.from({ length: held }, (_, i) => 501 - held + i));
    // small entries fill the room the big ones leave, up to the entry capacity
    for (let i = 0; i < 200; i++) j.record(rec());
    expect(j.all().at(-1)!.seq).toBe(700);
    expect(j.bytes).toBeLessThanOrEqual(100_000);
    j.clear();
    expect([j.size, j.bytes]).toEqual([0, 0]);
  });

  it('keeps the newest entry even when it alone is over the byte bound', () => {
    const j = new RequestJournal(10, 5000);
    j.record(rec());
    j.record(rec({ url: `/ehr/fhir/Patient/${'z'.repeat(10_000)}` }));
    expect(j.all().map((e) => e.seq)).toEqual([2]);
  });

  it('filters by system, method, path prefix, status, fault kind and since; limit keeps newest or pages after since', () => {
    const j = new RequestJournal(50);
    j.record(rec());
    j.record(rec({ method: 'POST', url: '/payer/fhir/Claim/$submit', system: 'payer', status: 503, faults: [{ kind: 'http-status', ruleId: 'a' }] }));
    j.record(rec({ method: 'POST', url: '/payer/fhir/Claim/$submit', system: 'payer', outcome: 'reset', faults: [{ kind: 'response-lost-after-commit', ruleId: 'b' }] }));
    j.record(rec({ url: '/ehr/fhir/Condition?patient=p-1' }));
    expect(j.query({ system: ['payer'] }).map((e) => e.seq)).toEqual([2, 3]);
    expect(j.query({ method: 'GET' }).map((e) => e.seq)).toEqual([1, 4]);
    expect(j.query({ path: '/ehr/fhir/Condition' }).map((e) => e.seq)).toEqual([4]);
    expect(j.query({ status: 503 }).map((e) => e.seq)).toEqual([2]);
    expect(j.query({ fault: ['response-lost-after-commit', 'hang'] }).map((e) => e.seq)).toEqual([3]);
    expect(j.query({ since: 2 }).map((e) => e.seq)).toEqual([3, 4]);
    expect(j.query({ limit: 2 }).map((e) => e.seq)).toEqual([3, 4]);
    expect(j.query({ since: 1, limit: 2 }).map((e) => e.seq)).toEqual([2, 3]);
  });

  it('exports NDJSON: one valid entry per line', () => {
    const j = new RequestJournal(10);
    for (let i = 0; i < 3; i++) j.record(rec());
    const lines = j.toNdjson().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JournalEntrySchema.parse(JSON.parse(l)).seq)).toEqual([1, 2, 3]);
  });

  it('clear keeps counting sequence numbers so a tailing client never sees one reused', () => {
    const j = new RequestJournal(10);
    j.record(rec());
    j.clear();
    expect(j.size).toBe(0);
    expect(j.record(rec()).seq).toBe(2);
  });

  it('the engine journals every request without bodies, bounded by its configured capacity', async () => {
    const engine = createEngine({ config: { journal: { capacity: 20 } }, systems: [createTestSystem().factory] });
    for (let i = 0; i < 200; i++) await engine.handle(new Request(`http://sim.test/ehr/fhir/Patient/p-${i}`));
    await engine.handle(new Request('http://sim.test/payer/fhir/Claim/$submit', {
      method: 'POST', headers: { 'content-type': 'application/fhir+json', 'idempotency-key': 'k-1' }, body: '{"resourceType":"Bundle"}',
    }));
    expect(engine.journal.size).toBe(20);
    const last = engine.journal.query({ system: ['payer'] })[0]!;
    expect(JournalEntrySchema.parse(last)).toMatchObject({
      method: 'POST', url: '/payer/fhir/Claim/$submit', status: 200, outcome: 'responded', requestHeaders: { 'idempotency-key': 'k-1' },
      responseHeaders: { 'content-type': 'application/fhir+json; charset=utf-8' }, at: '2026-01-05T09:00:00.000Z',
    });
    expect(last.responseBytes).toBeGreaterThan(0);
    expect(JSON.stringify(engine.journal.all())).not.toContain('Rivera');
  });
});

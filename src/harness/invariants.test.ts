import { checkInvariants, type RunEvidence } from './invariants.js';
import { resolveScenario } from '../core/scenarios/bundled-scenarios.js';
import type { JournalEntry } from '../contracts/journal.js';
import { runScenario } from './scenario-run.js';

const entry = (seq: number, url: string, at: string, headers: Record<string, string> = {}): JournalEntry => ({
  seq, at, method: 'POST', url, system: 'payer', status: 200, outcome: 'responded', handled: true,
  requestHeaders: headers, responseHeaders: {}, requestBytes: 10, responseBytes: 10, faults: [], durationMs: 0,
});

const base = (): RunEvidence => ({
  scenario: resolveScenario('happy-path-polling'),
  status: 'SUCCEEDED', outcome: 'APPROVED',
  ledger: { claims: 1, adjudications: 1, duplicates: { 'idempotency-key-replay': 0, 'idempotency-key-conflict': 0, 'idempotency-key-in-flight': 0, 'business-identifier': 0 }, reviewTasks: 1, notificationsSent: 0 },
  journal: [entry(1, '/payer/fhir/Claim/$submit', '2026-01-05T10:00:00.000Z', { 'idempotency-key': 'k1' })],
  polling: { initialSeconds: 30, maxSeconds: 300, maxAttempts: 3 },
});

describe('invariant checks', () => {
  it('pass on clean evidence', () => {
    expect(checkInvariants(base())).toEqual([]);
  });

  it.each([
    ['1 one adjudication per request', (e: RunEvidence) => { e.ledger.claims = 2; }],
    ['3 stable keys', (e: RunEvidence) => { e.journal.push(entry(2, '/payer/fhir/Claim/$submit', '2026-01-05T10:01:00.000Z', { 'idempotency-key': 'k2' })); }],
    ['4 no lost executions', (e: RunEvidence) => { e.status = 'RUNNING'; }],
    ['5 right outcome', (e: RunEvidence) => { e.outcome = 'DENIED'; }],
    ['7 backoff within bounds', (e: RunEvidence) => {
      e.journal.push(entry(2, '/payer/fhir/Claim/$inquire', '2026-01-05T10:01:00.000Z'), entry(3, '/payer/fhir/Claim/$inquire', '2026-01-05T10:01:05.000Z'));
    }],
  ])('flag a broken invariant %s', (invariant, plant) => {
    const e = base();
    plant(e);
    expect(checkInvariants(e).map((v) => v.invariant)).toContain(invariant);
  });

  it('a scenario run reports its timeline and no violation', async () => {
    const report = await runScenario(resolveScenario('response-lost-after-commit'));
    expect(report.violations).toEqual([]);
    expect(report.outcome).toBe('APPROVED');
    expect(report.timeline.some((l) => l.includes('response-lost-after-commit'))).toBe(true);
    expect(report.timeline.filter((l) => l.includes('$submit'))).toHaveLength(2);
  });
});

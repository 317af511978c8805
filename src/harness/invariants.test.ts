import { checkInvariants, type RunEvidence } from './invariants.js';
import { resolveScenario } from '../core/scenarios/bundled-scenarios.js';
import type { JournalEntry } from '../contracts/journal.js';
import { runScenario } from './scenario-run.js';
import type { HistoryEvent } from '../../orchestrator/runtime/index.js';
import type { PlacedModelCall } from './model-evidence.js';

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
  result: { outcome: 'APPROVED' },
  history: [
    hist(1, 'checkpoint', { operationId: 'op-1', name: 'submit', type: 'STEP', action: 'START' }),
    hist(2, 'checkpoint', { operationId: 'op-1', name: 'submit', type: 'STEP', action: 'SUCCEED' }),
    hist(3, 'callback-completed', { operationId: 'op-2', name: 'cb-1', action: 'SUCCEED' }),
    hist(4, 'callback-refused', { operationId: 'op-2', name: 'cb-1', action: 'SUCCEED' }),
    hist(5, 'execution-ended', { action: 'SUCCEEDED' }),
  ],
  reruns: [],
  replays: [{ status: 'SUCCEEDED', result: { outcome: 'APPROVED' }, updates: [] }],
});

function hist(seq: number, kind: HistoryEvent['kind'], rest: Partial<HistoryEvent> = {}): HistoryEvent {
  return { seq, executionId: 'e1', at: Date.parse('2026-01-05T10:00:00Z'), kind, invocation: 1, ...rest };
}

describe('invariant checks', () => {
  it('pass on clean evidence (a refused second completion is the runtime doing its job)', () => {
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
    ['2 completed steps never re-run', (e: RunEvidence) => { e.reruns!.push({ call: 'agents.medicalNecessity', operation: 'medical-necessity', executionId: 'ex-1', at: 0 }); }],
    ['2 completed steps never re-run', (e: RunEvidence) => { e.history!.push(hist(6, 'checkpoint', { operationId: 'op-1', name: 'submit', type: 'STEP', action: 'START', invocation: 2 })); }],
    ['6 callbacks resolve at most once', (e: RunEvidence) => { e.history!.splice(4, 0, hist(9, 'callback-completed', { operationId: 'op-2', name: 'cb-1', action: 'SUCCEED' })); }],
    ['6 callbacks resolve at most once', (e: RunEvidence) => { e.history!.push(hist(9, 'callback-completed', { operationId: 'op-3', name: 'cb-2', action: 'SUCCEED' })); }],
    ['6 callbacks resolve at most once', (e: RunEvidence) => { e.history!.push(hist(9, 'execution-ended', { action: 'SUCCEEDED' })); }],
    ['8 replay determinism', (e: RunEvidence) => { e.replays!.push({ status: 'FAILED', error: 'Non-deterministic execution detected', updates: [] }); }],
    ['8 replay determinism', (e: RunEvidence) => { e.replays![0]!.updates.push({ id: 'op-9', name: 'business-hours', type: 'WAIT', action: 'START', known: false }); }],
    ['8 replay determinism', (e: RunEvidence) => { e.replays![0]!.result = { outcome: 'DENIED' }; }],
  ])('flag a broken invariant %s', (invariant, plant) => {
    const e = base();
    plant(e);
    expect(checkInvariants(e).map((v) => v.invariant)).toContain(invariant);
  });

  describe("the outcome is the payer's (invariant 5)", () => {
    const withClaim = (reviewActions: string[], reported: string, authorizationNumber = 'PA1') => {
      const e = base();
      e.outcome = reported;
      e.result = { outcome: reported, authorizationNumber };
      e.payerClaims = [{ id: 'c1', authorizationNumber: 'PA1', pended: false, reviewActions }];
      // only the payer cross-check: the scenario's expected outcome is another check
      return checkInvariants(e).filter((v) => v.invariant === '5 right outcome' && !v.detail.startsWith('expected ')).map((v) => v.detail);
    };

    it("accepts the payer's final decision and authorization number", () => {
      expect(withClaim(['A4', 'A1'], 'APPROVED')).toEqual([]);
      expect(withClaim(['A4'], 'MANUAL_REVIEW')).toEqual([]); // gave up waiting: a person takes over
    });

    it('flags an outcome the payer did not decide, or a different authorization number', () => {
      expect(withClaim(['A4', 'A3'], 'APPROVED')).toEqual(["reported APPROVED, but the payer's final decision on claim c1 is A3"]);
      expect(withClaim(['A1'], 'APPROVED', 'PA2')).toEqual(["reported authorization PA2, the payer's is PA1"]);
    });
  });

  describe('poll spacing (invariant 7)', () => {
    const t0 = Date.parse('2026-01-05T10:00:00Z');
    const polled = (gaps: number[], tweak: (entries: JournalEntry[]) => void = () => {}) => {
      const e = base();
      e.polling = { initialSeconds: 30, maxSeconds: 300, maxAttempts: 48 };
      let t = t0;
      const polls = [entry(2, '/payer/fhir/Claim/$inquire', new Date(t).toISOString())];
      gaps.forEach((g, i) => { t += g * 1000; polls.push(entry(3 + i, '/payer/fhir/Claim/$inquire', new Date(t).toISOString())); });
      tweak(polls);
      e.journal.push(...polls);
      return checkInvariants(e).filter((v) => v.invariant === '7 backoff within bounds').map((v) => v.detail);
    };

    it('accepts exactly the strategy: 30, 60, 120, 240 s, then capped at 300 s', () => {
      expect(polled([30, 60, 120, 240, 300, 300])).toEqual([]);
    });

    it('flags a constant interval, a too-long wait and a poll sooner than the backoff', () => {
      expect(polled([30, 30, 30])).toEqual(['inquiries 2 and 3 were 30 s apart; the strategy says 60 s after attempt 2']);
      expect(polled([30, 600])).toHaveLength(1);
      expect(polled([10])).toHaveLength(1);
    });

    it("honours a 429's Retry-After; a repeated poll needs a crash to excuse it", () => {
      expect(polled([30, 90], (p) => { p[1]!.status = 429; p[1]!.responseHeaders = { 'retry-after': '90' }; })).toEqual([]);
      expect(polled([30, 0, 60])).toHaveLength(1);
    });

    it('does not count the read right after a Subscription was created (subscribe, then look) as a poll', () => {
      const subscribed = (status: number) => (p: JournalEntry[]) => {
        p.unshift({ ...entry(1, '/payer/fhir/Subscription', new Date(t0).toISOString()), status });
      };
      // the check, then polling at once (the claim was decided already): 0 s, then the strategy's 30 s
      expect(polled([0, 30, 60], subscribed(201))).toEqual([]);
      // after a refused Subscription the next inquiry is a poll like any other
      expect(polled([0, 30, 60], subscribed(400))).toHaveLength(1);
    });
  });

  describe('completed agents never paid for twice (invariant 9)', () => {
    const call = (seq: number, agent: string, invocation: number, historySeq?: number): PlacedModelCall => ({
      seq, at: '2026-01-05T10:00:00.000Z', modelId: 'm', executionId: 'e1', invocation, agent, attempt: 1,
      inputTokens: 500, outputTokens: 100, costUsd: 0.003, latencyMs: 900, outcome: 'completed', stopReason: 'tool_use', ...(historySeq === undefined ? {} : { historySeq }),
    });
    const withCalls = (calls: PlacedModelCall[], history: HistoryEvent[] = [
      hist(10, 'checkpoint', { operationId: 'op-n', name: 'medical-necessity', type: 'STEP', action: 'START', invocation: 1 }),
      hist(11, 'checkpoint', { operationId: 'op-n', name: 'medical-necessity', type: 'STEP', action: 'SUCCEED', invocation: 1 }),
    ]) => {
      const e = base();
      e.history = [...history, ...e.history!];
      e.modelCalls = calls;
      return checkInvariants(e).filter((v) => v.invariant === '9 completed agents never paid for twice').map((v) => v.detail);
    };

    it("accepts the step's own calls, retries included, before its success", () => {
      expect(withCalls([call(1, 'medical-necessity', 1, 10), call(2, 'medical-necessity', 1, 10)])).toEqual([]);
    });

    it('accepts calls of an attempt whose success was never persisted (a crash before the checkpoint)', () => {
      expect(withCalls([call(1, 'medical-necessity', 1), call(2, 'medical-necessity', 2)], [
        hist(10, 'checkpoint', { operationId: 'op-n', name: 'medical-necessity', type: 'STEP', action: 'START', invocation: 2 }),
        hist(11, 'checkpoint', { operationId: 'op-n', name: 'medical-necessity', type: 'STEP', action: 'SUCCEED', invocation: 2 }),
      ])).toEqual([]);
    });

    it('flags a call in a later invocation, and one later in the same invocation', () => {
      expect(withCalls([call(1, 'medical-necessity', 1, 10), call(2, 'medical-necessity', 2)])).toEqual([
        'model call 2 for medical-necessity (attempt 1, completed, 600 tokens) in invocation 2, after step medical-necessity had succeeded in invocation 1',
      ]);
      expect(withCalls([call(1, 'medical-necessity', 1, 10), call(2, 'medical-necessity', 1, 11)])).toHaveLength(1);
    });

    it("ignores other agents' calls and calls without attribution", () => {
      expect(withCalls([call(1, 'payer-criteria', 3), { ...call(2, 'medical-necessity', 1), invocation: null }])).toEqual([]);
    });
  });

  it('a scenario run reports its timeline and no violation', async () => {
    const report = await runScenario(resolveScenario('response-lost-after-commit'));
    expect(report.violations).toEqual([]);
    expect(report.outcome).toBe('APPROVED');
    expect(report.timeline.some((l) => l.includes('response-lost-after-commit'))).toBe(true);
    expect(report.timeline.filter((l) => l.includes('$submit'))).toHaveLength(2);
  });
});

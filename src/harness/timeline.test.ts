import type { JournalEntry } from '../contracts/journal.js';
import type { HistoryEvent } from '../../orchestrator/runtime/index.js';
import { buildTimeline, timelineLines, withModelUsage } from './timeline.js';
import type { ModelCall } from '../contracts/model-ledger.js';

const at = '2026-01-05T10:00:00.000Z';
const t = Date.parse(at);
const request = (seq: number, url: string, when = at): JournalEntry => ({
  seq, at: when, method: 'POST', url, system: 'payer', status: 200, outcome: 'responded', handled: true,
  requestHeaders: {}, responseHeaders: {}, requestBytes: 1, responseBytes: 1, faults: [], durationMs: 0,
});
const step = (seq: number, name: string, action: string): HistoryEvent => ({ seq, executionId: 'e', at: t, kind: 'checkpoint', name, type: 'STEP', action, invocation: 1 });

describe('run timeline', () => {
  it('places each request after the history event that was newest when it was answered', () => {
    const history = [step(1, 'idempotency-key', 'START'), step(2, 'idempotency-key', 'SUCCEED'), step(3, 'submit', 'START'), step(4, 'submit', 'SUCCEED')];
    const journal = [request(7, '/payer/fhir/Claim/$submit')];
    const labels = buildTimeline(journal, history, new Map([[7, 2]])).map((e) => e.label.replace(/\s+/g, ' '));
    expect(labels).toEqual(['step idempotency-key start', 'step idempotency-key succeed', 'payer POST /payer/fhir/Claim/$submit → 200', 'step submit start', 'step submit succeed']);
  });

  it('orders by virtual time first, and marks crashes and a failed end', () => {
    const later = new Date(t + 3_600_000).toISOString();
    const events = buildTimeline([request(1, '/payer/fhir/Claim/$inquire', later)], [
      { seq: 1, executionId: 'e', at: t, kind: 'recovered' },
      { seq: 2, executionId: 'e', at: t + 7_200_000, kind: 'execution-ended', action: 'FAILED', detail: 'boom' },
    ]);
    expect(events.map((e) => [e.source, !!e.highlight])).toEqual([['harness', true], ['simulator', false], ['runtime', true]]);
    expect(timelineLines(events, t)[2]).toBe('+   2.00 h  ·· execution ended FAILED: boom');
  });

  it('pairs the model calls the gateway answered with their ledger rows, newest first, and leaves a refused one alone', () => {
    const model = (seq: number, handled: boolean): JournalEntry => ({ ...request(seq, '/model/m/converse'), system: 'model', handled, status: handled ? 200 : 503 });
    const call = (seq: number, agent: string, inputTokens: number): ModelCall => ({
      seq, at, modelId: 'm', executionId: 'e', invocation: 1, agent, attempt: 1, inputTokens, outputTokens: 10, costUsd: 0.0042, latencyMs: 5, outcome: 'completed',
    });
    // the ledger kept only its newest two rows; the journal has three answered calls and one refused
    const events = buildTimeline([model(1, true), model(2, false), model(3, true), model(4, true)], []);
    const labels = withModelUsage(events, [call(8, 'necessity', 1200), call(9, 'letter', 3400)]).map((e) => e.label.replace(/\s+/g, ' '));
    expect(labels).toEqual([
      'model POST /model/m/converse → 200',
      'model POST /model/m/converse → 503',
      'model POST /model/m/converse → 200 · necessity 1,200 + 10 tokens · $0.0042',
      'model POST /model/m/converse → 200 · letter 3,400 + 10 tokens · $0.0042',
    ]);
  });
});

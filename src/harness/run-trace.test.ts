import { firstDivergence, runTrace } from './run-trace.js';

describe('run traces', () => {
  it('lists history, then requests, then the ledger, one line each', () => {
    const trace = runTrace(
      [{ seq: 1, at: '2026-01-05T09:00:00.000Z', method: 'POST', url: '/payer/auth/token', system: 'payer', status: 503, outcome: 'responded', handled: false, requestHeaders: {}, responseHeaders: {}, requestBytes: 10, responseBytes: 20, faults: [{ kind: 'http-status', ruleId: 'r1' }], durationMs: 0 }],
      [{ seq: 7, executionId: 'e1', at: Date.UTC(2026, 0, 5, 9), kind: 'checkpoint', invocation: 2, operationId: 'op1', name: 'submit', type: 'STEP', action: 'START' }],
      { claims: 1 },
    );
    expect(trace).toEqual([
      'H 2026-01-05T09:00:00.000Z checkpoint 2 op1 submit STEP START',
      'J 2026-01-05T09:00:00.000Z payer POST /payer/auth/token 503 http-status',
      'L {"claims":1}',
    ]);
  });

  it('names the first line where two traces differ, with the lines before it', () => {
    expect(firstDivergence(['a', 'b'], ['a', 'b'])).toBeUndefined();
    expect(firstDivergence(['a', 'b', 'c'], ['a', 'x', 'c'], 1)).toBe('line 2 of 3 / 3:\n    a\n  - b\n  + x');
    expect(firstDivergence(['a'], ['a', 'b'])).toBe('line 2 of 1 / 2:\n    a\n  - (end)\n  + b');
  });
});

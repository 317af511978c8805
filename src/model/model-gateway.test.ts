/**
 * The model gateway over plain HTTP (no SDK): answers that depend only on the seed and the
 * request, a prompt without a case, and the token ledger's per-execution view.
 */
import { createSimulator } from '../simulator.js';
import { VirtualClock } from '../core/clock.js';
import { CASE_CLOSE, CASE_OPEN } from '../contracts/model-agents.js';
import type { ModelLedger } from '../contracts/model-ledger.js';
import { clockDelay } from '../core/clock-wait.js';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const HBA1C = { id: 'hba1c-7', description: 'HbA1c >= 7 %', finding: 'unmet', evidence: [] };
const caseText = (agent: string, checklist: unknown[] = [HBA1C]) => `${CASE_OPEN}${JSON.stringify({ agent, patientId: 'pat-glp1-fails', procedureCode: '1991302', chart: [{ ref: 'Condition/d1', system: 'icd10', code: 'E11.9' }], checklist })}${CASE_CLOSE}`;

function converse(sim: ReturnType<typeof createSimulator>, text: string, requestId: string, attempt = '1') {
  return sim.handle(new Request(`http://sim/model/${MODEL}/converse`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ messages: [{ role: 'user', content: [{ text }] }], requestMetadata: { agent: 'payer-criteria', attempt } }),
  }));
}

const sim = (seed: number, agents: Record<string, string> = {}) => createSimulator({ config: { seed, model: { agents } }, clock: new VirtualClock() });

describe('model gateway', () => {
  it("answers the persona's ground truth, identically for the same seed and request", async () => {
    const body = await (await converse(sim(1), caseText('payer-criteria'), 'e#1')).json();
    expect(body.output.message.content[0].toolUse).toMatchObject({ name: 'assess_payer_criteria', input: { likelyOutcome: 'fails', criteria: [{ id: 'hba1c-7', met: false }] } });
    expect(await (await converse(sim(1), caseText('payer-criteria'), 'e#1')).json()).toEqual(body);
  });

  it('judges only the checklist in the prompt: none (CRD said no auth is needed) fails nothing, whatever the persona', async () => {
    const body = await (await converse(sim(1), caseText('payer-criteria', []), 'e#1')).json();
    expect(body.output.message.content[0].toolUse.input).toMatchObject({ likelyOutcome: 'meets', criteria: [] });
  });

  it('a hallucinating model cites a code the chart lacks; which one follows the seed and the attempt', async () => {
    const cited = async (seed: number, attempt: string) => {
      const body = await (await converse(sim(seed, { 'payer-criteria': 'hallucinates-code' }), caseText('payer-criteria'), 'e#1', attempt)).json();
      return body.output.message.content[0].toolUse.input.criteria[0].evidence as string[];
    };
    const first = await cited(1, '1');
    expect(first).toHaveLength(1);
    expect(first[0]).not.toBe('E11.9');
    expect(await cited(1, '1')).toEqual(first);
    const others = await Promise.all([['2', '1'], ['3', '1'], ['1', '2'], ['1', '3']].map(([s, a]) => cited(Number(s), a!)));
    expect(others.some((o) => o[0] !== first[0])).toBe(true);
  });

  it('answers a prompt without a case in text, and keeps every call in the ledger by execution', async () => {
    const s = sim(2);
    const text = await (await converse(s, 'What is prior authorization?', 'exec-a#1')).json();
    expect(text).toMatchObject({ stopReason: 'end_turn', output: { message: { content: [{ text: expect.stringContaining('<case>') }] } } });
    await converse(s, caseText('payer-criteria'), 'exec-b#4');
    const bad = await s.handle(new Request(`http://sim/model/${MODEL}/converse`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'exec-b#5' }, body: '{"messages":"x"}' }));
    expect(bad.status).toBe(400);
    const b = (await (await s.handle(new Request('http://sim/__admin/model/ledger?execution=exec-b'))).json()) as ModelLedger;
    expect(b.calls.map((c) => [c.invocation, c.outcome, c.agent])).toEqual([[4, 'completed', 'payer-criteria'], [5, 'faulted', null]]);
    expect(b.totals).toMatchObject({ calls: 2, byOutcome: { completed: 1, faulted: 1 } });
    const all = (await (await s.handle(new Request('http://sim/__admin/model/ledger'))).json()) as ModelLedger;
    expect(all.executions.map((e) => e.executionId).sort()).toEqual(['exec-a', 'exec-b']);
    expect(all.totals.calls).toBe(3);
  });
});

describe('model gateway latency on the simulator clock', () => {
  const settledAfter = async <T>(p: Promise<T>) => {
    let done = false;
    void p.then(() => (done = true), () => (done = true));
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
    return done;
  };
  const waitingSim = (config: NonNullable<Parameters<typeof createSimulator>[0]>['config']) => {
    const clock = new VirtualClock();
    const s = createSimulator({ config, clock });
    const call = (text: string) => s.dispatch(new Request(`http://sim/model/${MODEL}/converse`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'e#1' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text }] }], requestMetadata: { agent: 'payer-criteria', attempt: '1' } }),
    }), { clockWait: (ms) => clockDelay(clock, ms) });
    return { s, clock, call };
  };

  it("answers only after the call's latency has passed on the simulator clock, and journals the call as lasting that long", async () => {
    // the latency the gateway reports, from a simulator that does not wait (same seed, same request)
    const reported = (await (await converse(sim(4), caseText('payer-criteria'), 'e#1')).json()).metrics.latencyMs as number;
    expect(reported).toBeGreaterThan(0);
    const { s, clock, call } = waitingSim({ seed: 4 });
    const t0 = clock.now();
    const answer = call(caseText('payer-criteria'));
    expect(await settledAfter(answer)).toBe(false);
    await clock.advance(reported - 1);
    expect(await settledAfter(answer)).toBe(false);
    await clock.advance(1);
    expect(await settledAfter(answer)).toBe(true);
    const body = await (await answer).response.json();
    expect(body.metrics.latencyMs).toBe(reported);
    const entry = s.journal.query().find((e) => e.system === 'model')!;
    expect([Date.parse(entry.at), entry.durationMs]).toEqual([t0, reported]);
    const ledger = (await (await s.handle(new Request('http://sim/__admin/model/ledger'))).json()) as ModelLedger;
    expect(ledger.calls[0]).toMatchObject({ at: new Date(t0).toISOString(), latencyMs: reported, outcome: 'completed' });
  });

  it("answers ModelTimeoutException when the profile's timeout passes, not before", async () => {
    const slow = { contextWindowTokens: 200_000, maxOutputTokens: 4096, timeToFirstTokenMs: 700, outputTokensPerSecond: 60, timeoutMs: 500, inputPricePer1k: 0.003, outputPricePer1k: 0.015 };
    const { clock, call } = waitingSim({ seed: 4, model: { profiles: { [MODEL]: slow } } });
    const answer = call(caseText('payer-criteria'));
    expect(await settledAfter(answer)).toBe(false);
    await clock.advance(499);
    expect(await settledAfter(answer)).toBe(false);
    await clock.advance(1);
    expect(await settledAfter(answer)).toBe(true);
    const { response } = await answer;
    expect(response.status).toBe(408);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^ModelTimeoutException/);
  });

  it('an injected ModelTimeoutException also waits for the timeout; a throttle answers at once', async () => {
    const faults = (error: string) => [{ match: { system: 'model' as const }, fault: { kind: 'model-error' as const, error } }];
    const timedOut = waitingSim({ seed: 4, faults: faults('ModelTimeoutException') as never });
    const late = timedOut.call(caseText('payer-criteria'));
    expect(await settledAfter(late)).toBe(false);
    await timedOut.clock.advance(59_999);
    expect(await settledAfter(late)).toBe(false);
    await timedOut.clock.advance(1);
    expect((await late).response.status).toBe(408);
    const throttled = waitingSim({ seed: 4, faults: faults('ThrottlingException') as never });
    expect((await throttled.call(caseText('payer-criteria'))).response.status).toBe(429);
  });
});

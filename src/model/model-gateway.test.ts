/**
 * The model gateway over plain HTTP (no SDK): answers that depend only on the seed and the
 * request, a prompt without a case, and the token ledger's per-execution view.
 */
import { createSimulator } from '../simulator.js';
import { VirtualClock } from '../core/clock.js';
import { CASE_CLOSE, CASE_OPEN } from '../contracts/model-agents.js';
import type { ModelLedger } from '../contracts/model-ledger.js';

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

import { FaultRuleSchema, type FaultRuleInput } from '../../contracts/faults.js';
import { createEngine } from '../engine.js';
import { Rng } from '../rng.js';
import { drawLatency } from './latency.js';
import { createTestSystem } from './test-system.js';

function setup(faults: FaultRuleInput[] = []) {
  const sys = createTestSystem();
  const engine = createEngine({ config: { faults }, systems: [sys.factory] });
  return { engine, sys };
}

const submit = (claimId = 'claim-1') =>
  new Request('http://sim.test/payer/fhir/Claim/$submit', {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Bundle', identifier: { value: claimId } }),
  });

describe('dispatch: faults around the handler', () => {
  it('connection-reset happens before the handler: no commit, a reset directive, and handle() rejects like fetch', async () => {
    const { engine, sys } = setup([{ id: 'r', match: { system: 'payer' }, fault: { kind: 'connection-reset' } }]);
    const { directive } = await engine.dispatch(submit());
    expect(directive?.action).toEqual({ kind: 'reset' });
    await expect(engine.handle(submit())).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNRESET' } });
    expect(sys.commits()).toBe(0);
  });

  it('response-lost-after-commit runs the handler, then resets', async () => {
    const { engine, sys } = setup([{ id: 'lost', match: { route: '/payer/fhir/Claim/$submit' }, fault: { kind: 'response-lost-after-commit' } }]);
    await expect(engine.handle(submit())).rejects.toThrow('fetch failed');
    expect(sys.commits()).toBe(1);
    expect(engine.journal.query()[0]).toMatchObject({ status: 200, outcome: 'reset', handled: true, faults: [{ kind: 'response-lost-after-commit', ruleId: 'lost' }] });
  });

  it('businessKey matches a claim identifier in the body and a patient id in the URL only', async () => {
    const { engine } = setup([
      { id: 'claim', match: { businessKey: 'claim-42' }, fault: { kind: 'http-status', status: 503, retryAfterSeconds: 2 } },
      { id: 'pat', match: { businessKey: 'p-7' }, fault: { kind: 'http-status', status: 401 } },
    ]);
    expect((await engine.handle(submit('claim-1'))).status).toBe(200);
    const res = await engine.handle(submit('claim-42'));
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '2']);
    expect((await res.json()).resourceType).toBe('OperationOutcome');
    expect((await engine.handle(new Request('http://sim.test/ehr/fhir/Patient/p-7'))).status).toBe(401);
    expect((await engine.handle(new Request('http://sim.test/ehr/fhir/Patient/p-8'))).status).toBe(200);
  });

  it('never faults /__admin unless a rule names the admin system', async () => {
    const { engine } = setup([{ id: 'all', fault: { kind: 'http-status', status: 500 } }]);
    expect((await engine.handle(new Request('http://sim.test/__admin/nothing-here'))).status).toBe(404);
    engine.faults.arm(FaultRuleSchema.parse({ id: 'adm', match: { system: 'admin' }, fault: { kind: 'http-status', status: 500 } }));
    expect((await engine.handle(new Request('http://sim.test/__admin/nothing-here'))).status).toBe(500);
  });

  it('after-faults rewrite the real response: malformed JSON, wrong content type, empty 200, truncated stream', async () => {
    const { engine } = setup();
    const read = async (fault: FaultRuleInput['fault']) => {
      engine.faults.clear();
      engine.faults.arm(FaultRuleSchema.parse({ fault }));
      return engine.handle(new Request('http://sim.test/ehr/fhir/Patient/p-1'));
    };
    await expect((await read({ kind: 'malformed-json' })).json()).rejects.toThrow(/JSON/); // a SyntaxError of another realm under jest's vm
    const html = await read({ kind: 'wrong-content-type' });
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const empty = await read({ kind: 'empty-200' });
    expect([empty.status, await empty.text()]).toEqual([200, '']);
    await expect((await read({ kind: 'truncated-body', fraction: 0.5 })).json()).rejects.toThrow();
  });

  it('latency is drawn per rule from its own stream, journaled, and waited through the transport’s sleep', async () => {
    const { engine } = setup([{ id: 'slow', fault: { kind: 'latency', distribution: { kind: 'uniform', min: 10, max: 90 } } }]);
    const slept: number[] = [];
    const { directive } = await engine.dispatch(new Request('http://sim.test/ehr/fhir/Patient/p-1'), { sleep: async (ms) => void slept.push(ms) });
    expect(directive?.delayMs).toBe(slept[0]);
    expect(engine.journal.query()[0]!.faults).toEqual([{ kind: 'latency', ruleId: 'slow', latencyMs: slept[0] }]);
    const expected = drawLatency({ kind: 'uniform', min: 10, max: 90 }, new Rng(42).fork('fault.slow').fork('latency'));
    expect(slept).toEqual([expected]);
  });

  it('latency distributions stay within bounds and lognormal centres on its median', () => {
    const rng = new Rng(3);
    expect(drawLatency({ kind: 'fixed', ms: 50 }, rng)).toBe(50);
    const draws = Array.from({ length: 2001 }, () => drawLatency({ kind: 'lognormal', median: 100, p99: 1000 }, rng)).sort((a, b) => a - b);
    expect(draws[1000]).toBeGreaterThan(80);
    expect(draws[1000]).toBeLessThan(125);
    expect(drawLatency({ kind: 'normal', mean: 0, sd: 50 }, rng)).toBeGreaterThanOrEqual(0);
  });
});

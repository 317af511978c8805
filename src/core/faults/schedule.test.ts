import { FaultRuleSchema, type FaultRuleInput } from '../../contracts/faults.js';
import { VirtualClock } from '../clock.js';
import { createEngine } from '../engine.js';
import { createTestSystem } from './test-system.js';

const patient = (i = 1) => new Request(`http://sim.test/ehr/fhir/Patient/p-${i}`);
const status503 = { kind: 'http-status', status: 503 } as const;

/** Indices (0-based) of the calls that got a 503 out of `n` Patient reads. */
async function faulted(seed: number, faults: FaultRuleInput[], n = 60): Promise<number[]> {
  const engine = createEngine({ config: { seed, faults }, systems: [createTestSystem().factory] });
  const out: number[] = [];
  for (let i = 0; i < n; i++) if ((await engine.handle(patient(i))).status === 503) out.push(i);
  return out;
}

describe('fault schedules', () => {
  it('first-n faults exactly the first n matching calls', async () => {
    expect(await faulted(1, [{ id: 'a', schedule: { kind: 'first-n', n: 3 }, fault: status503 }], 10)).toEqual([0, 1, 2]);
  });

  it('first-n counts matched calls: a rule pre-empted by another on its call used it up, and reports it', async () => {
    const reset: FaultRuleInput = { id: 'reset', schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'connection-reset' } };
    const lost: FaultRuleInput = { id: 'lost', schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'response-lost-after-commit' } };
    const engine = createEngine({ config: { seed: 1, faults: [reset, lost] }, systems: [createTestSystem().factory] });
    await expect(engine.handle(patient(1))).rejects.toThrow(); // the reset: the handler never ran, so nothing to lose
    expect((await engine.handle(patient(2))).status).toBe(200); // both rules spent their one call
    expect(engine.faults.list().map(({ id, matched, fired, preempted }) => ({ id, matched, fired, preempted }))).toEqual([
      { id: 'reset', matched: 2, fired: 1, preempted: 0 },
      { id: 'lost', matched: 2, fired: 0, preempted: 1 },
    ]);
  });

  it('every-kth faults every k-th matching call', async () => {
    expect(await faulted(1, [{ id: 'a', schedule: { kind: 'every-kth', k: 4 }, fault: status503 }], 13)).toEqual([3, 7, 11]);
  });

  it('counts only matching calls: a rule on POST $submit ignores Patient reads', async () => {
    const rule = { id: 'a', match: { method: 'POST', route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'always' }, fault: status503 } as const;
    expect(await faulted(1, [rule], 5)).toEqual([]);
  });

  it('probability: same seed → same sequence; another seed → another', async () => {
    const rule: FaultRuleInput = { id: 'flaky', schedule: { kind: 'probability', p: 0.3 }, fault: status503 };
    const a = await faulted(7, [rule]);
    const b = await faulted(7, [rule]);
    const c = await faulted(8, [rule]);
    expect(a.length).toBeGreaterThan(5);
    expect(a.length).toBeLessThan(40);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('independence: arming a second rule does not change the first rule’s sequence', async () => {
    const first: FaultRuleInput = { id: 'flaky', schedule: { kind: 'probability', p: 0.3 }, fault: status503 };
    const second: FaultRuleInput = { id: 'other', schedule: { kind: 'probability', p: 0.5 }, fault: { kind: 'http-status', status: 500 } };
    const alone = await faulted(7, [first]);
    // Listed second, the other rule only answers calls the first left alone: the first rule's 503s stay put.
    expect(await faulted(7, [first, second])).toEqual(alone);
    // Listed first, it takes some calls, yet the flaky rule still draws on every call: its choices are unchanged.
    const engine = createEngine({ config: { seed: 7, faults: [second, first] }, systems: [createTestSystem().factory] });
    for (let i = 0; i < 60; i++) await engine.handle(patient(i));
    const flaky = engine.faults.list().find((r) => r.id === 'flaky')!;
    expect(flaky.fired + flaky.preempted).toBe(alone.length);
    expect(flaky.preempted).toBeGreaterThan(0); // the other rule's 500s took some of its calls
  });

  it('window: fires only between from and to on the injected clock', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9));
    const engine = createEngine({ clock, systems: [createTestSystem().factory] });
    engine.faults.arm(FaultRuleSchema.parse({ id: 'w', schedule: { kind: 'window', from: 60, to: 120 }, fault: status503 }));
    engine.faults.arm(FaultRuleSchema.parse({ id: 'iso', schedule: { kind: 'window', from: '2026-01-05T10:00:00Z' }, fault: { kind: 'http-status', status: 500 } }));
    const at = async (seconds: number) => {
      await clock.advanceTo(Date.UTC(2026, 0, 5, 9) + seconds * 1000);
      return (await engine.handle(patient())).status;
    };
    expect([await at(0), await at(59), await at(60), await at(119), await at(120), await at(3600)]).toEqual([200, 200, 503, 503, 200, 500]);
  });

  it('reset re-arms configured rules with fresh counters and drops rules armed later', async () => {
    const engine = createEngine({ config: { faults: [{ id: 'a', schedule: { kind: 'first-n', n: 1 }, fault: status503 }] }, systems: [createTestSystem().factory] });
    engine.faults.arm(FaultRuleSchema.parse({ id: 'live', fault: { kind: 'http-status', status: 500 } }));
    expect((await engine.handle(patient())).status).toBe(503);
    expect((await engine.handle(patient())).status).toBe(500);
    engine.reset();
    expect(engine.faults.list().map((r) => r.id)).toEqual(['a']);
    expect((await engine.handle(patient())).status).toBe(503);
    expect((await engine.handle(patient())).status).toBe(200);
  });
});

/**
 * Restart at every write boundary of a `$submit`: the process dies before each write of the
 * commit that answers it (the transaction is cut short) or right after it (the response is lost).
 * A simulator restarted on what was committed holds exactly what a client could observe — no
 * claim, or the claim and its idempotency record — and the client's retry with the same key gets
 * the very answer an uninterrupted run gives, with one claim in the ledger. Over both backends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../src/core/clock.js';
import { createMemoryBackend } from '../../src/core/store/memory-backend.js';
import { openSqliteBackend } from '../../src/core/store/sqlite-backend.js';
import type { StateBackend, StateWrite } from '../../src/core/store/state-backend.js';
import { createStateStore } from '../../src/core/store/state-store.js';
import { createSimulator, type Simulator } from '../../src/simulator.js';
import type { SimulatorConfigInput } from '../../src/contracts/config.js';
import { meetsCriteria, pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { submit } from '../../src/payer/testing/payer-client.js';

const CONFIG: SimulatorConfigInput = { seed: 9, payer: { rules: { '72148': { decision: 'A4', pendSeconds: 3600, finalDecision: 'A1' } } } };
const BODY = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri'), claimId: 'C-restart', bundleId: 'B-restart' });
const KEY = { 'idempotency-key': 'key-restart-1' };

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const kinds: [string, () => { backend: StateBackend; reopen: () => StateBackend }][] = [
  ['memory', () => {
    const backend = createMemoryBackend();
    return { backend, reopen: () => backend };
  }],
  ['sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'submit-restart-'));
    dirs.push(dir);
    const file = join(dir, 'simulator.sqlite');
    const backend = openSqliteBackend(file);
    return { backend, reopen: () => (backend.close(), openSqliteBackend(file)) };
  }],
];

class ProcessDied extends Error {}

/**
 * Passes writes through until armed; then dies before write number `at` of the next batch (the
 * transaction never commits), or, with `at` past the batch's end, right after the batch committed.
 * A dead process writes nothing more.
 */
function dyingBackend(inner: StateBackend) {
  let plan: { at: number } | undefined;
  let dead = false;
  let lastBatch = 0;
  const backend: StateBackend = {
    ...inner,
    write(batch) {
      if (dead) return;
      if (!plan) {
        const ops = [...batch];
        lastBatch = ops.length;
        return inner.write(ops);
      }
      const { at } = plan;
      inner.write((function* (): Generator<StateWrite> {
        let n = 0;
        for (const w of batch) {
          if (n++ === at) {
            dead = true;
            throw new ProcessDied(`died before write ${at}`);
          }
          yield w;
        }
      })());
      dead = true;
      throw new ProcessDied('died after the commit, before the response left');
    },
  };
  return { backend, arm: (at: number) => (plan = { at }), lastBatch: () => lastBatch };
}

const claims = async (sim: Simulator) => ((await (await sim.handle(new Request('http://sim.test/__admin/claims'))).json()) as { claims: { id: string }[] }).claims;

describe.each(kinds)('$submit interrupted at every write boundary (%s backend)', (_kind, make) => {
  it('leaves no claim or the whole answered claim, and the retry gets the uninterrupted answer', async () => {
    const reference = createSimulator({ config: CONFIG, clock: new VirtualClock() });
    const expected = await (await submit(reference, BODY, KEY)).text();

    // how many writes the commit of one $submit makes
    const probe = dyingBackend(make().backend);
    const probeSim = createSimulator({ config: CONFIG, clock: new VirtualClock(), store: createStateStore(probe.backend) });
    expect((await submit(probeSim, BODY, KEY)).status).toBe(200);
    const writes = probe.lastBatch();
    expect(writes).toBeGreaterThanOrEqual(5); // claim, two business ids, idempotency record, ledger, rng, clock, faults

    for (let at = 0; at <= writes; at++) {
      const { backend, reopen } = make();
      const dying = dyingBackend(backend);
      const first = createSimulator({ config: CONFIG, clock: new VirtualClock(), store: createStateStore(dying.backend) });
      dying.arm(at);
      await expect(submit(first, BODY, KEY)).rejects.toThrow(ProcessDied);

      const restarted = createSimulator({ config: { seed: 1 }, clock: new VirtualClock(), store: createStateStore(reopen()) });
      expect(restarted.resumed).toBe(true);
      const committed = at === writes;
      expect((await claims(restarted)).length).toBe(committed ? 1 : 0);
      expect(restarted.ledger.totals().claims).toBe(committed ? 1 : 0);

      const retry = await submit(restarted, BODY, KEY);
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe(committed ? 'true' : null);
      expect(await retry.text()).toBe(expected);
      expect((await claims(restarted)).length).toBe(1);
      expect(restarted.ledger.totals()).toMatchObject({ claims: 1, adjudications: 1 });
      restarted.close();
    }
  });
});

describe.each(kinds)('timers after a restart (%s backend)', (_kind, make) => {
  it('pends and review decisions that fell due while the simulator was down happen once, in due order', async () => {
    const { backend, reopen } = make();
    const delivered: { url: string; at: number }[] = [];
    const clock = new VirtualClock();
    const config: SimulatorConfigInput = {
      seed: 3,
      payer: { rules: { '72148': { decision: 'A4', pendSeconds: 7200, finalDecision: 'A1' }, '27447': { decision: 'A4', pendSeconds: 3600, finalDecision: 'A3' } } },
      review: { behaviour: 'approve', delaySeconds: 5400 },
      outbound: { allowHosts: ['orchestrator.test'] },
    };
    const fetchStub = (sink: VirtualClock) => (async (url: string | URL | Request) => {
      delivered.push({ url: String(url), at: sink.now() });
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const first = createSimulator({ config, clock, fetch: fetchStub(clock), store: createStateStore(backend) });
    await submit(first, pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri'), claimId: 'C-a', bundleId: 'B-a' }), { 'idempotency-key': 'a' });
    await submit(first, pasBundle({ procedure: 'totalKnee', evidence: meetsCriteria('totalKnee'), claimId: 'C-b', bundleId: 'B-b' }), { 'idempotency-key': 'b' });
    const task = await first.handle(new Request('http://sim.test/review/tasks', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ callbackId: 'cb-1', executionId: 'ex-1', callbackUrl: 'http://orchestrator.test/callbacks/cb-1/succeed', letter: { subject: 's', body: 'b' } }),
    }));
    expect(task.status).toBe(201);
    // the process dies here; three hours pass before it is back
    const later = new VirtualClock(clock.now() + 3 * 3600_000);
    const second = createSimulator({ config: { seed: 1, outbound: { allowHosts: ['orchestrator.test'] } }, clock: later, fetch: fetchStub(later), store: createStateStore(reopen()) });
    expect(second.config.seed).toBe(3);
    await later.advance(0);
    const actions = ((await (await second.handle(new Request('http://sim.test/__admin/claims'))).json()) as { claims: { businessKey: string; reviewActions: string[] }[] }).claims;
    expect(actions.map((c) => [c.businessKey.split('|')[1], c.reviewActions])).toEqual([['C-a', ['A1']], ['C-b', ['A3']]]);
    expect(delivered).toEqual([{ url: 'http://orchestrator.test/callbacks/cb-1/succeed', at: later.now() }]);
    const tasks = ((await (await second.handle(new Request('http://sim.test/review/tasks'))).json()) as { tasks: { status: string; deliveries: unknown[] }[] }).tasks;
    expect(tasks).toMatchObject([{ status: 'delivered', deliveries: [{ status: 200 }] }]);
    await later.advance(7 * 86_400_000);
    expect(delivered).toHaveLength(1);
    second.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { SimulatedCrash, type CrashPoint, type CrashPoints } from './crash-switch.js';
import { createDurableRuntime, type DurableRuntime } from './durable-runtime.js';
import type { ExecutionId } from './ids.js';
import { createVirtualClock } from './runtime-clock.js';

type Effects = Map<string, number>;

/** A workflow touching every kind of operation; each step counts its side effect. */
function register(runtime: DurableRuntime, effects: Effects): void {
  const effect = (name: string) => effects.set(name, (effects.get(name) ?? 0) + 1);
  runtime.register('pipeline', withDurableExecution(async (event: { id: string }, ctx) => {
    const a = await ctx.step('extract', async () => { effect('extract'); return `${event.id}-x`; });
    await ctx.wait('cool-off', { hours: 1 });
    const b = await ctx.step('submit', async () => {
      effect('submit');
      runtime.crashHook('after-side-effect', { step: 'submit' });
      return `${a}-submitted`;
    });
    const decision = await ctx.waitForCallback<string>('decision', async () => { effect('notify'); });
    const c = await ctx.step('record', async () => { effect('record'); return `${b}-${decision}`; });
    return { c };
  }));
}

/** Drives the runtime to the end, recovering from crashes and answering callbacks. */
async function drive(runtime: DurableRuntime, id: ExecutionId): Promise<number> {
  let crashes = 0;
  for (let round = 0; round < 50; round++) {
    const idle = await runtime.runUntilIdle();
    if (idle.crashed) {
      crashes++;
      runtime.recover();
      continue;
    }
    const waiting = runtime.getExecution(id).operations.find((o) => o.type === 'CALLBACK' && o.status === 'STARTED');
    if (!waiting) return crashes;
    runtime.succeedCallback(waiting.details.CallbackId as string, 'approved');
  }
  throw new Error('did not finish');
}

function crashOnce(point: CrashPoint, nth: number, onCrash: () => void): CrashPoints {
  let seen = 0;
  return (p) => {
    if (p !== point || ++seen !== nth) return;
    onCrash();
    throw new SimulatedCrash(p);
  };
}

async function runWithCrash(point?: CrashPoint, nth = 1) {
  const effects: Effects = new Map();
  let succeededAtCrash: string[] = [];
  const onCrash = () => {
    succeededAtCrash = runtime.getExecution(id).operations.filter((o) => o.type === 'STEP' && o.status === 'SUCCEEDED').map((o) => o.name ?? '');
  };
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock(), crashPoints: point && crashOnce(point, nth, onCrash) });
  register(runtime, effects);
  const { executionId: id } = runtime.start({ handler: 'pipeline', input: { id: 'req-1' } });
  const crashes = await drive(runtime, id);
  return { view: runtime.getExecution(id), effects, crashes, succeededAtCrash };
}

describe('crash injection and recovery', () => {
  it('a crash-free run is the reference', async () => {
    const { view, effects, crashes } = await runWithCrash();
    expect(crashes).toBe(0);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.result).toEqual({ c: 'req-1-x-submitted-approved' });
    expect(Object.fromEntries(effects)).toEqual({ extract: 1, submit: 1, notify: 1, record: 1 });
  });

  for (const point of ['before-checkpoint-persist', 'after-checkpoint-persist'] as const) {
    it(`crashing ${point} at every checkpoint still completes exactly as without the crash`, async () => {
      for (let nth = 1; nth <= 12; nth++) {
        const { view, effects, crashes, succeededAtCrash } = await runWithCrash(point, nth);
        if (crashes === 0) break; // past the last checkpoint of the run
        expect(view.status).toBe('SUCCEEDED');
        expect(view.result).toEqual({ c: 'req-1-x-submitted-approved' });
        for (const [name, count] of effects) {
          // a completed (checkpointed) step never re-runs; one whose checkpoint was lost may, once
          expect(count).toBe(succeededAtCrash.includes(name) ? 1 : count);
          expect(count).toBeLessThanOrEqual(2);
        }
      }
    });
  }

  it('crashing after a side effect re-runs only that step (at-least-once), and nothing completed before it', async () => {
    const { view, effects, crashes, succeededAtCrash } = await runWithCrash('after-side-effect', 1);
    expect(crashes).toBe(1);
    expect(succeededAtCrash).toEqual(['extract']);
    expect(view.result).toEqual({ c: 'req-1-x-submitted-approved' });
    expect(Object.fromEntries(effects)).toEqual({ extract: 1, submit: 2, notify: 1, record: 1 });
  });

  it('crashing again during recovery (as the resumed invocation opens) still completes, with no step re-run', async () => {
    const effects: Effects = new Map();
    const points: CrashPoint[] = [];
    let crashes = 0;
    const runtime = createDurableRuntime({
      db: ':memory:', clock: createVirtualClock(),
      crashPoints: (p) => {
        points.push(p);
        // first: right after the wait's checkpoint; then twice in a row as recovery begins
        if ((crashes === 0 && p === 'after-checkpoint-persist' && points.filter((x) => x === p).length === 2) || (crashes > 0 && crashes < 3 && p === 'during-recovery')) {
          crashes++;
          throw new SimulatedCrash(p);
        }
      },
    });
    register(runtime, effects);
    const { executionId } = runtime.start({ handler: 'pipeline', input: { id: 'req-3' } });
    expect(await drive(runtime, executionId)).toBe(3);
    expect(points.filter((p) => p === 'during-recovery')).toHaveLength(3);
    expect(runtime.getExecution(executionId).result).toEqual({ c: 'req-3-x-submitted-approved' });
    expect(Object.fromEntries(effects)).toEqual({ extract: 1, submit: 1, notify: 1, record: 1 });
    expect(runtime.history(executionId).filter((h) => h.kind === 'recovered')).toHaveLength(3);
  });

  it("tells an abandoned invocation's code, which runs on in the process, that its process crashed (a harness refuses its requests)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: [number, boolean][] = [];
    const me = () => {
      const s = runtime.currentInvocation()!;
      seen.push([s.invocation, s.crashed]);
    };
    const runtime = createDurableRuntime({
      db: ':memory:', clock: createVirtualClock(),
      crashPoints: (p, info) => {
        if (p === 'after-side-effect' && info.invocation === 1) throw new SimulatedCrash(p);
      },
    });
    runtime.register('zombie', withDurableExecution(async (_event: unknown, ctx) => ctx.step('call', async () => {
      me();
      try {
        runtime.crashHook('after-side-effect');
      } catch {
        me();
        await gate;
        me();
      }
      return 'done';
    })));
    const { executionId } = runtime.start({ handler: 'zombie', input: {} });
    expect((await runtime.runUntilIdle()).crashed).toBe(true);
    runtime.recover();
    await runtime.runUntilIdle();
    expect(runtime.getExecution(executionId).status).toBe('SUCCEEDED');
    release();
    await gate;
    await new Promise((r) => setImmediate(r));
    // invocation 1: alive, dead at the crash, still dead once invocation 2 (alive) has taken over
    expect(seen).toEqual([[1, false], [1, true], [2, false], [1, true]]);
  });

  it('a new runtime on the same database file resumes a crashed runtime\'s executions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'durable-runtime-'));
    try {
      const db = join(dir, 'runtime.sqlite');
      const effects: Effects = new Map();
      const clock = createVirtualClock();
      const first = createDurableRuntime({ db, clock, crashPoints: crashOnce('after-checkpoint-persist', 3, () => undefined) });
      register(first, effects);
      const { executionId } = first.start({ handler: 'pipeline', input: { id: 'req-2' } });
      expect((await first.runUntilIdle()).crashed).toBe(true);
      await first.close();

      const second = createDurableRuntime({ db, clock });
      register(second, effects);
      second.recover();
      await drive(second, executionId);
      expect(second.getExecution(executionId).result).toEqual({ c: 'req-2-x-submitted-approved' });
      expect(effects.get('extract')).toBe(1);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

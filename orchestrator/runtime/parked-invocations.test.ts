/**
 * `runUntilIdle` with invocations parked on the shared clock (a server that answers at a clock
 * instant, as the simulator's model gateway does after its latency): the clock moves to the
 * answer instead of each side waiting for the other, and only while every invocation in flight
 * is parked.
 */
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime, type DurableRuntime } from './durable-runtime.js';
import { sequentialIds } from './ids.js';
import { createVirtualClock, DEFAULT_EPOCH } from './runtime-clock.js';
import type { ParkedInvocations } from './scheduler.js';

/** A stand-in server: `answerAfter(ms)` resolves `ms` later on the clock, parked under its caller's invocation. */
function parkingServer(clock: ReturnType<typeof createVirtualClock>) {
  const parked = new Map<string, number>();
  let waiters: (() => void)[] = [];
  const changed = () => {
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  };
  let runtime: DurableRuntime;
  const probe: ParkedInvocations = {
    isParked: (id, n) => (parked.get(`${id}#${n}`) ?? 0) > 0,
    changed: () => new Promise<void>((r) => waiters.push(r)),
  };
  return {
    probe,
    attach: (r: DurableRuntime) => (runtime = r),
    answerAfter(ms: number): Promise<number> {
      const who = runtime.currentInvocation()!;
      const tag = `${who.executionId}#${who.invocation}`;
      parked.set(tag, (parked.get(tag) ?? 0) + 1);
      changed();
      return new Promise((resolve) => clock.setTimer(clock.now() + ms, () => {
        parked.set(tag, parked.get(tag)! - 1);
        changed();
        resolve(clock.now());
      }));
    },
  };
}

describe('invocations parked on the shared clock', () => {
  it('moves the clock to the answer of a call parked inside a step, and the step sees the time pass', async () => {
    const clock = createVirtualClock();
    const server = parkingServer(clock);
    const runtime = createDurableRuntime({ db: ':memory:', clock, ids: sequentialIds('p'), parked: server.probe });
    server.attach(runtime);
    runtime.register('slow', withDurableExecution(async (_: unknown, ctx) => {
      const first = await ctx.step('ask', async () => server.answerAfter(14_213));
      const second = await ctx.step('ask-again', async () => server.answerAfter(800));
      return { first, second };
    }));
    const { executionId } = runtime.start({ handler: 'slow', input: {} });
    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.result).toEqual({ first: DEFAULT_EPOCH + 14_213, second: DEFAULT_EPOCH + 15_013 });
    expect(view.invocations).toBe(1);
  });

  it('waits for a busy invocation before moving the clock past a parked one', async () => {
    const clock = createVirtualClock();
    const server = parkingServer(clock);
    const runtime = createDurableRuntime({ db: ':memory:', clock, ids: sequentialIds('q'), parked: server.probe });
    server.attach(runtime);
    const seen: Record<string, number> = {};
    runtime.register('parks', withDurableExecution(async (_: unknown, ctx) => ctx.step('ask', async () => server.answerAfter(5_000))));
    runtime.register('busy', withDurableExecution(async (_: unknown, ctx) => ctx.step('work', async () => {
      // real work that takes several turns of the event loop, none of them on the clock
      for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
      seen.busyDoneAt = clock.now();
      return 1;
    })));
    runtime.start({ handler: 'parks', input: {} });
    runtime.start({ handler: 'busy', input: {} });
    await runtime.runUntilIdle();
    expect(seen.busyDoneAt).toBe(DEFAULT_EPOCH);
    expect(clock.now()).toBe(DEFAULT_EPOCH + 5_000);
  });
});

/**
 * A simulated crash abandons an invocation, but its code runs on in the process. What it does
 * after the restart must not reach a crash point: the chaos harness numbers crash points
 * ("crash at the 7th checkpoint"), and a zombie's late checkpoint or side-effect hook, counted,
 * would shift every later number by however far the zombie got — a matter of the machine's load.
 */
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { SimulatedCrash, type CrashInfo, type CrashPoint } from './crash-switch.js';
import { createDurableRuntime } from './durable-runtime.js';
import { createVirtualClock } from './runtime-clock.js';

function gated() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { gate, open };
}

describe('a crashed invocation reaches no crash point', () => {
  it("its late checkpoint after the restart is refused before the crash point, and its side-effect hook doesn't count", async () => {
    const seen: Array<{ point: CrashPoint; invocation?: number }> = [];
    let crashed = false;
    const runtime = createDurableRuntime({
      db: ':memory:', clock: createVirtualClock(),
      crashPoints: (point, info: CrashInfo) => {
        seen.push({ point, invocation: info.invocation ?? runtime.currentInvocation()?.invocation });
        // die at the first checkpoint: the START of `slow`, flushed while its code still waits
        if (!crashed && point === 'before-checkpoint-persist') {
          crashed = true;
          throw new SimulatedCrash(point);
        }
      },
    });
    const { gate, open } = gated();
    const zombieDone = gated();
    let calls = 0;
    runtime.register('slow', withDurableExecution(async (_event, ctx) => {
      await ctx.step('slow', async () => {
        if (++calls === 1) {
          // the first invocation's step outlives its process (held until after the restart)
          await gate;
          try {
            runtime.crashHook('after-side-effect', 'zombie');
          } finally {
            zombieDone.open();
          }
        }
        return 'done';
      });
      return 'ok';
    }));
    const { executionId } = runtime.start({ handler: 'slow', input: {} });
    expect((await runtime.runUntilIdle()).crashed).toBe(true);
    runtime.recover();
    const idle = await runtime.runUntilIdle();
    expect(idle.crashed).toBe(false);
    expect(runtime.getExecution(executionId).status).toBe('SUCCEEDED');
    const before = seen.length;
    // now the zombie wakes: its side-effect hook and its SUCCEED checkpoint come from invocation 1
    open();
    await zombieDone.gate;
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(seen.slice(before)).toEqual([]);
    expect(seen.filter((s) => s.invocation === 1).map((s) => s.point)).toEqual(['before-checkpoint-persist']);
    await runtime.close();
  });

  it("the step a crash interrupted records its failure from the dead process: refused before the crash point", async () => {
    const seen: Array<{ point: CrashPoint; invocation?: number }> = [];
    let crashed = false;
    const runtime = createDurableRuntime({
      db: ':memory:', clock: createVirtualClock(),
      crashPoints: (point, info: CrashInfo) => {
        seen.push({ point, invocation: info.invocation });
        if (!crashed && point === 'after-side-effect') {
          crashed = true;
          throw new SimulatedCrash(point);
        }
      },
    });
    runtime.register('effect', withDurableExecution(async (_event, ctx) => {
      await ctx.step('effect', async () => {
        runtime.crashHook('after-side-effect', 'sent');
        return 'done';
      });
      return 'ok';
    }));
    const { executionId } = runtime.start({ handler: 'effect', input: {} });
    expect((await runtime.runUntilIdle()).crashed).toBe(true);
    // restarted at once, as the harness does: the dead invocation's step failure (a RETRY checkpoint) lands after it
    runtime.recover();
    expect((await runtime.runUntilIdle()).crashed).toBe(false);
    expect(runtime.getExecution(executionId).status).toBe('SUCCEEDED');
    expect(seen.filter((s) => s.invocation === 1).map((s) => s.point)).toEqual(['after-side-effect']);
    await runtime.close();
  });
});

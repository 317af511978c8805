import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { createDilatedClock } from './runtime-clock.js';

describe('on a dilated (wall-driven) clock', () => {
  it('wakes a suspended wait from a clock timer, without runUntilIdle advancing anything', async () => {
    // one simulated day per wall second: a 1-hour wait takes ~42 ms of wall time
    const clock = createDilatedClock(86_400);
    const runtime = createDurableRuntime({ db: ':memory:', clock });
    runtime.register('nap', withDurableExecution(async (_e, ctx) => {
      const before = await ctx.step('before', async () => clock.now());
      await ctx.wait('nap', { hours: 1 });
      const after = await ctx.step('after', async () => clock.now());
      return after - before;
    }));
    const { executionId } = runtime.start({ handler: 'nap' });
    const deadline = performance.now() + 5000;
    while (runtime.getExecution(executionId).status === 'RUNNING' && performance.now() < deadline) {
      await runtime.settle();
      await new Promise((r) => setTimeout(r, 10));
    }
    const view = runtime.getExecution(executionId);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.result as number).toBeGreaterThanOrEqual(3_600_000);
    expect(view.invocations).toBe(2);
    await runtime.close();
  });
});

/**
 * Quick measurements of the runtime on the virtual clock (not a test). Run with
 * `node --import tsx orchestrator/runtime/runtime-bench.ts`.
 * 1. One execution: 7-day wait, then 48 waitForCondition polls (30 s doubling to a 5 min cap).
 * 2. Throughput: N concurrent executions of step → 1-day wait → step.
 */
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { createVirtualClock } from './runtime-clock.js';

async function longWorkflow(): Promise<void> {
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock() });
  runtime.register('long', withDurableExecution(async (_e, ctx) => {
    await ctx.step('prepare', async () => 'ok');
    await ctx.wait('review', { days: 7 });
    return ctx.waitForCondition('poll', async (n: number) => n + 1, {
      initialState: 0,
      waitStrategy: (n, attempt) => (n >= 49 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: Math.min(300, 30 * 2 ** (attempt - 1)) } }),
    });
  }));
  const t0 = performance.now();
  const { executionId } = runtime.start({ handler: 'long' });
  const idle = await runtime.runUntilIdle();
  const wall = performance.now() - t0;
  const view = runtime.getExecution(executionId);
  const simulatedDays = (idle.now - Date.parse(view.createdAt)) / 86_400_000;
  console.log(`7-day wait + 48 polls: ${view.status} result=${String(view.result)} invocations=${view.invocations} ` +
    `simulated=${simulatedDays.toFixed(2)} days wall=${wall.toFixed(0)} ms (${(wall / view.invocations).toFixed(1)} ms/invocation)`);
}

async function throughput(n: number): Promise<void> {
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock() });
  runtime.register('short', withDurableExecution(async (e: { i: number }, ctx) => {
    const a = await ctx.step('a', async () => e.i);
    await ctx.wait('day', { days: 1 });
    return ctx.step('b', async () => a * 2);
  }));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) runtime.start({ handler: 'short', input: { i } });
  await runtime.runUntilIdle();
  const wall = performance.now() - t0;
  const ok = runtime.listExecutions('SUCCEEDED').length;
  console.log(`${n} concurrent executions (2 invocations each): ${ok} succeeded in ${wall.toFixed(0)} ms = ${(ok / (wall / 1000)).toFixed(0)} executions/s`);
}

await longWorkflow();
await throughput(100);
await throughput(1000);

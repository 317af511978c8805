/**
 * A finished invocation leaves nothing behind in memory: what it loaded (the execution's
 * operations, with every step result) is collectable once it ended, however long the runtime
 * lives. Each invocation used to race a reaction on the crash switch's never-settling promise,
 * which kept every invocation of every execution alive until a crash (~1.2 MB per execution of
 * the prior-auth workflow). Measured on the live heap after full collections: 60 executions of two
 * invocations, each loading a 200 KB step result, would keep at least 24 MB.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { createVirtualClock } from './runtime-clock.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const liveHeap = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};

it('keeps no finished invocation alive', async () => {
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock() });
  runtime.register('big', withDurableExecution(async (e: { i: number }, ctx) => {
    // a fresh 200 KB string per execution, loaded again (from the store) by the second invocation
    const blob = await ctx.step('blob', async () => `${e.i}`.padEnd(200_000, '.'));
    await ctx.wait('day', { days: 1 });
    return ctx.step('length', async () => blob.length);
  }));
  const run = async (n: number, from: number) => {
    for (let i = 0; i < n; i++) runtime.start({ handler: 'big', input: { i: from + i } });
    await runtime.runUntilIdle();
  };
  await run(5, 0);
  const before = await liveHeap();
  await run(60, 100);
  const grown = (await liveHeap()) - before;
  expect(runtime.listExecutions('SUCCEEDED')).toHaveLength(65);
  // the store holds the results (SQLite, off the JS heap); what the heap keeps per execution is small
  expect(grown / 60).toBeLessThan(50_000);
  await runtime.close();
});

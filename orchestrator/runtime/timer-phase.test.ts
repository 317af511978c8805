/**
 * On a virtual clock, `runUntilIdle` runs each instant in two phases: the timers due fire (each
 * awaited: a delivery over HTTP completes a callback, then waits for its response), then the
 * executions they woke run. An execution woken by a timer never runs beside the rest of that
 * timer or of the next one due at the same instant — which of them got how far would depend on
 * the machine's load (socket and threadpool timing), not on the seed.
 */
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { createVirtualClock } from './runtime-clock.js';

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

it('runs the executions a timer woke only after every timer due at that instant has fired', async () => {
  const clock = createVirtualClock();
  const runtime = createDurableRuntime({ db: ':memory:', clock });
  const log: string[] = [];
  let callbackId: string | undefined;
  runtime.register('answer', withDurableExecution(async (_event, ctx) => {
    const answer = await ctx.waitForCallback<string>('answer', async (id) => { callbackId = id; });
    await ctx.step('after-answer', async () => { log.push('execution resumed'); });
    return answer;
  }));
  const { executionId } = runtime.start({ handler: 'answer', input: {} });
  await runtime.runUntilIdle({ advance: false });
  expect(callbackId).toBeDefined();
  const at = clock.now() + 60_000;
  // a delivery: completes the callback, then waits (as for an HTTP response) long enough for a woken invocation to get far
  clock.setTimer(at, async () => {
    runtime.succeedCallback(callbackId!, JSON.stringify('yes'));
    log.push('delivered');
    await turns(50);
    log.push('delivery answered');
  });
  clock.setTimer(at, async () => {
    log.push('second timer');
    await turns(5);
  });
  await runtime.runUntilIdle();
  expect(log).toEqual(['delivered', 'delivery answered', 'second timer', 'execution resumed']);
  expect(runtime.getExecution(executionId).status).toBe('SUCCEEDED');
  await runtime.close();
});

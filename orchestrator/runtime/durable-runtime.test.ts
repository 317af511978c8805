import { createRetryStrategy, JitterStrategy, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { sequentialIds } from './ids.js';
import { createVirtualClock, DEFAULT_EPOCH } from './runtime-clock.js';

const DAY = 86_400_000;

function setup() {
  const clock = createVirtualClock();
  const runtime = createDurableRuntime({ db: ':memory:', clock, ids: sequentialIds('t') });
  return { clock, runtime };
}

describe('durable runtime on a virtual clock', () => {
  it('runs steps once each, replays them across a 7-day wait, in milliseconds of wall time', async () => {
    const { clock, runtime } = setup();
    const effects: string[] = [];
    runtime.register('steps', withDurableExecution(async (event: { n: number }, ctx) => {
      const a = await ctx.step('a', async () => { effects.push('a'); return event.n + 1; });
      await ctx.wait('week', { days: 7 });
      const b = await ctx.step('b', async () => { effects.push('b'); return a * 2; });
      return { a, b };
    }));
    const started = performance.now();
    const { executionId } = runtime.start({ handler: 'steps', input: { n: 1 } });
    const idle = await runtime.runUntilIdle();
    const wallMs = performance.now() - started;

    const view = runtime.getExecution(executionId);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.result).toEqual({ a: 2, b: 4 });
    expect(effects).toEqual(['a', 'b']);
    expect(view.invocations).toBe(2);
    expect(idle.now - DEFAULT_EPOCH).toBe(7 * DAY);
    expect(clock.now()).toBe(DEFAULT_EPOCH + 7 * DAY);
    expect(wallMs).toBeLessThan(2000);
    const wait = view.operations.find((o) => o.name === 'week');
    expect(wait).toMatchObject({ type: 'WAIT', status: 'SUCCEEDED', endedAt: new Date(DEFAULT_EPOCH + 7 * DAY).toISOString() });
  });

  it('retries a failing step with its backoff: PENDING until due, then READY', async () => {
    const { clock, runtime } = setup();
    const attemptsAt: number[] = [];
    runtime.register('flaky', withDurableExecution(async (_e, ctx) =>
      ctx.step('flaky', async () => {
        attemptsAt.push(clock.now());
        if (attemptsAt.length < 4) throw new Error(`transient #${attemptsAt.length}`);
        return 'ok';
      }, { retryStrategy: createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 10 }, backoffRate: 2, jitter: JitterStrategy.NONE }) })));
    const { executionId } = runtime.start({ handler: 'flaky' });

    await runtime.runUntilIdle({ advance: false });
    const pending = runtime.getExecution(executionId).operations.find((o) => o.name === 'flaky');
    expect(pending).toMatchObject({ status: 'PENDING', details: { Attempt: 1, NextAttemptTimestamp: new Date(DEFAULT_EPOCH + 10_000).toISOString() } });

    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.result).toBe('ok');
    expect(attemptsAt.map((t) => (t - DEFAULT_EPOCH) / 1000)).toEqual([0, 10, 30, 70]);
    expect(view.operations.find((o) => o.name === 'flaky')).toMatchObject({ status: 'SUCCEEDED', details: { Attempt: 4 } });
  });

  it('fails the execution once the retry strategy gives up', async () => {
    const { runtime } = setup();
    let calls = 0;
    runtime.register('doomed', withDurableExecution(async (_e, ctx) =>
      ctx.step('doomed', async () => { calls++; throw new Error('permanent'); }, { retryStrategy: createRetryStrategy({ maxAttempts: 3, jitter: JitterStrategy.NONE }) })));
    const { executionId } = runtime.start({ handler: 'doomed' });
    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(calls).toBe(3);
    expect(view.status).toBe('FAILED');
    expect(view.error?.ErrorMessage).toContain('permanent');
  });

  it('polls with waitForCondition on the clock until the condition holds', async () => {
    const { clock, runtime } = setup();
    const polledAt: number[] = [];
    runtime.register('poll', withDurableExecution(async (_e, ctx) =>
      ctx.waitForCondition('poll-status', async (state: { checks: number }) => {
        polledAt.push(clock.now());
        return { checks: state.checks + 1 };
      }, {
        initialState: { checks: 0 },
        waitStrategy: (s, attempt) => (s.checks >= 5 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 30 * 2 ** (attempt - 1) } }),
      })));
    const { executionId } = runtime.start({ handler: 'poll' });
    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.result).toEqual({ checks: 5 });
    expect(polledAt.map((t) => (t - DEFAULT_EPOCH) / 1000)).toEqual([0, 30, 90, 210, 450]);
  });

  it('fails the execution with NonDeterministicExecutionError when a replay renames an operation', async () => {
    const { runtime } = setup();
    let stepName = 'extract';
    let callbackId = '';
    runtime.register('drifting', withDurableExecution(async (_e, ctx) => {
      await ctx.step(stepName, async () => 1);
      return ctx.waitForCallback('review', async (id) => { callbackId = id; });
    }));
    const { executionId } = runtime.start({ handler: 'drifting' });
    await runtime.runUntilIdle();
    expect(runtime.getExecution(executionId).status).toBe('RUNNING');
    stepName = 'extract-v2';
    runtime.succeedCallback(callbackId, '"yes"');
    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(view.status).toBe('FAILED');
    expect(view.error?.ErrorType).toBe('NonDeterministicExecutionError');
  });

  it('starts idempotently by execution name', async () => {
    const { runtime } = setup();
    runtime.register('noop', withDurableExecution(async () => 'done'));
    const first = runtime.start({ handler: 'noop', name: 'order-1', input: { x: 1 } });
    const again = runtime.start({ handler: 'noop', name: 'order-1', input: { x: 1 } });
    expect(again).toEqual({ executionId: first.executionId, status: 'RUNNING', created: false });
    expect(() => runtime.start({ handler: 'noop', name: 'order-1', input: { x: 2 } })).toThrow(/different handler or input/);
    await runtime.runUntilIdle();
    expect(runtime.listExecutions()).toHaveLength(1);
  });

  it('retries an invocation that throws with backoff, then fails the execution', async () => {
    const clock = createVirtualClock();
    const runtime = createDurableRuntime({ db: ':memory:', clock, maxInvocationAttempts: 4 });
    const calledAt: number[] = [];
    runtime.register('broken', async () => {
      calledAt.push(clock.now());
      throw new Error('invocation blew up');
    });
    const { executionId } = runtime.start({ handler: 'broken' });
    await runtime.runUntilIdle();
    expect(calledAt.map((t) => (t - DEFAULT_EPOCH) / 1000)).toEqual([0, 1, 3, 7]);
    expect(runtime.getExecution(executionId)).toMatchObject({ status: 'FAILED', error: { ErrorMessage: 'invocation blew up' } });
  });

  it('fails an execution that suspends with nothing left to wake it', async () => {
    const { runtime } = setup();
    runtime.register('stuck', async () => ({ Status: 'PENDING' }) as never);
    const { executionId } = runtime.start({ handler: 'stuck' });
    await runtime.runUntilIdle();
    expect(runtime.getExecution(executionId).error?.ErrorMessage).toBe('Cannot return PENDING status with no pending operations.');
  });
});

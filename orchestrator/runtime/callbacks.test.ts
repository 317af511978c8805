import { CallbackTimeoutError, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { sequentialIds } from './ids.js';
import { createVirtualClock, DEFAULT_EPOCH } from './runtime-clock.js';
import { RuntimeProblem } from './runtime-problem.js';

const HOUR = 3_600_000;

function setup() {
  const clock = createVirtualClock();
  const runtime = createDurableRuntime({ db: ':memory:', clock, ids: sequentialIds('cb') });
  const issued: string[] = [];
  runtime.register('review', withDurableExecution(async (event: { timeoutHours: number; heartbeatMinutes?: number }, ctx) => {
    try {
      const answer = await ctx.waitForCallback<string>('physician-review', async (callbackId) => { issued.push(callbackId); }, {
        timeout: { hours: event.timeoutHours },
        ...(event.heartbeatMinutes && { heartbeatTimeout: { minutes: event.heartbeatMinutes } }),
      });
      return { outcome: 'answered', answer: JSON.parse(answer) as unknown };
    } catch (err) {
      if (err instanceof CallbackTimeoutError) return { outcome: 'timed-out', message: err.message };
      return { outcome: 'rejected', message: (err as Error).message };
    }
  }));
  return { clock, runtime, issued };
}

const status = (fn: () => void): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof RuntimeProblem ? err.problem.status : -1;
  }
};

describe('callbacks', () => {
  it('suspends on waitForCallback and resumes with the result delivered through the API', async () => {
    const { runtime, issued } = setup();
    const { executionId } = runtime.start({ handler: 'review', input: { timeoutHours: 168 } });
    await runtime.runUntilIdle({ advance: false });
    expect(runtime.getExecution(executionId).status).toBe('RUNNING');
    expect(issued).toHaveLength(1);
    const callback = runtime.getExecution(executionId).operations.find((o) => o.type === 'CALLBACK');
    expect(callback).toMatchObject({ status: 'STARTED', details: { CallbackId: issued[0] } });

    runtime.succeedCallback(issued[0]!, JSON.stringify({ approved: true }));
    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(view.status).toBe('SUCCEEDED');
    expect(view.result).toEqual({ outcome: 'answered', answer: { approved: true } });
    expect(issued).toHaveLength(1);
  });

  it('resolves a callback at most once: a second completion is AWS\'s CallbackTimeoutException (400) and changes nothing', async () => {
    const { runtime, issued } = setup();
    const { executionId } = runtime.start({ handler: 'review', input: { timeoutHours: 1 } });
    await runtime.runUntilIdle({ advance: false });
    runtime.failCallback(issued[0]!, { ErrorType: 'Rejected', ErrorMessage: 'not medically necessary' });
    await runtime.runUntilIdle();
    const before = runtime.getExecution(executionId);
    expect(before.result).toEqual({ outcome: 'rejected', message: 'not medically necessary' });

    expect(status(() => runtime.succeedCallback(issued[0]!, '"late"'))).toBe(400);
    expect(status(() => runtime.failCallback(issued[0]!, { ErrorMessage: 'again' }))).toBe(400);
    expect(status(() => runtime.heartbeatCallback(issued[0]!))).toBe(400);
    expect(status(() => runtime.succeedCallback('no-such-callback', '"x"'))).toBe(404);
    await runtime.runUntilIdle();
    expect(runtime.getExecution(executionId)).toEqual(before);
  });

  it('times a callback out on the clock', async () => {
    const { clock, runtime } = setup();
    const { executionId } = runtime.start({ handler: 'review', input: { timeoutHours: 168 } });
    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(view.result).toEqual({ outcome: 'timed-out', message: 'Callback timed out' });
    expect(clock.now() - DEFAULT_EPOCH).toBe(168 * HOUR);
    expect(view.operations.find((o) => o.type === 'CALLBACK')?.status).toBe('TIMED_OUT');
  });

  it('times a callback out when heartbeats stop, and heartbeats push the deadline', async () => {
    const { clock, runtime, issued } = setup();
    const { executionId } = runtime.start({ handler: 'review', input: { timeoutHours: 24, heartbeatMinutes: 60 } });
    await runtime.runUntilIdle({ until: DEFAULT_EPOCH + 0.5 * HOUR });
    await clock.advanceTo(DEFAULT_EPOCH + 0.5 * HOUR);
    runtime.heartbeatCallback(issued[0]!);
    await runtime.runUntilIdle({ until: DEFAULT_EPOCH + 1.2 * HOUR });
    expect(runtime.getExecution(executionId).status).toBe('RUNNING');

    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(view.result).toEqual({ outcome: 'timed-out', message: 'Callback timed out on heartbeat' });
    expect(clock.now() - DEFAULT_EPOCH).toBe(1.5 * HOUR);
  });
});

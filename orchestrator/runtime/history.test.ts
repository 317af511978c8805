import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { SimulatedCrash } from './crash-switch.js';
import { sequentialIds } from './ids.js';
import { createVirtualClock } from './runtime-clock.js';
import { createRuntimeHttpApi } from './http-api.js';
import express from 'express';
import request from 'supertest';

function setup(crashAtCheckpoint?: number) {
  const clock = createVirtualClock();
  let checkpoints = 0;
  const runtime = createDurableRuntime({
    db: ':memory:', clock, ids: sequentialIds('h'),
    crashPoints: (point) => {
      if (point === 'before-checkpoint-persist' && ++checkpoints === crashAtCheckpoint) throw new SimulatedCrash(point);
    },
  });
  const issued: string[] = [];
  runtime.register('flow', withDurableExecution(async (_e: unknown, ctx) => {
    const a = await ctx.step('first', async () => 1);
    await ctx.wait('pause', { hours: 1 });
    const answer = await ctx.waitForCallback<string>('approval', async (id) => { issued.push(id); }, { timeout: { hours: 5 } });
    return { a, answer };
  }));
  return { clock, runtime, issued };
}

const compact = (events: Array<{ kind: string; name?: string; action?: string }>) => events.map((e) => [e.kind, e.name, e.action].filter(Boolean).join(' '));

describe('execution history', () => {
  it('records invocations, checkpoints, timers, callbacks (accepted and refused) and the end, in commit order', async () => {
    const { clock, runtime, issued } = setup();
    const { executionId } = runtime.start({ handler: 'flow' });
    await runtime.runUntilIdle({ until: clock.now() + 2 * 3_600_000 });
    runtime.succeedCallback(issued[0]!, '"yes"');
    expect(() => runtime.succeedCallback(issued[0]!, '"again"')).toThrow(/at most once/);
    await runtime.runUntilIdle();
    expect(runtime.getExecution(executionId).status).toBe('SUCCEEDED');

    const events = runtime.history(executionId);
    const lines = compact(events);
    expect(lines[0]).toBe('invocation-started');
    expect(lines).toEqual(expect.arrayContaining([
      'checkpoint first START', 'checkpoint first SUCCEED', 'checkpoint pause START', 'timer-fired wait SUCCEEDED',
      `callback-completed ${issued[0]} SUCCEED`, `callback-refused ${issued[0]} SUCCEED`, 'execution-ended SUCCEEDED',
    ]));
    expect(lines.at(-1)).toBe('execution-ended SUCCEEDED');
    expect(lines.indexOf(`callback-completed ${issued[0]} SUCCEED`)).toBeLessThan(lines.indexOf(`callback-refused ${issued[0]} SUCCEED`));
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    // the step's checkpoints belong to the first invocation; the callback's result reaches a later one
    expect(events.find((e) => e.name === 'first' && e.action === 'SUCCEED')?.invocation).toBe(1);
    expect(events.filter((e) => e.kind === 'invocation-started').length).toBeGreaterThanOrEqual(3);
  });

  it('keeps nothing of a checkpoint that a crash interrupted before it was persisted, and records the recovery', async () => {
    const { runtime } = setup(1);
    const { executionId } = runtime.start({ handler: 'flow' });
    const idle = await runtime.runUntilIdle();
    expect(idle.crashed).toBe(true);
    expect(compact(runtime.history(executionId))).toEqual(['invocation-started']);
    runtime.recover();
    await runtime.runUntilIdle();
    const lines = compact(runtime.history(executionId));
    expect(lines.slice(1, 3)).toEqual(['recovered', 'invocation-started']);
    // the interrupted step ran again after the crash and succeeded once
    expect(lines.filter((l) => l === 'checkpoint first SUCCEED')).toHaveLength(1);
  });

  it('is served at GET /executions/{id}/history, 404 for an unknown execution', async () => {
    const { runtime } = setup();
    const { executionId } = runtime.start({ handler: 'flow' });
    await runtime.runUntilIdle();
    const app = express().use(createRuntimeHttpApi(runtime, { verifyCallback: async () => false }));
    const res = await request(app).get(`/executions/${executionId}/history`).expect(200);
    expect((res.body as { events: Array<{ kind: string }> }).events[0]!.kind).toBe('invocation-started');
    await request(app).get('/executions/nope/history').expect(404);
  });
});

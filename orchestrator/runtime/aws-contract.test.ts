/**
 * Where the local runtime keeps AWS's contract because a handler could notice: checkpoint
 * tokens are single-use, an execution past its timeout ends TIMED_OUT, StopDurableExecution
 * ends one STOPPED, a checkpointed payload over 256 KB is refused as AWS refuses it, and a
 * completion of a closed callback is AWS's CallbackTimeoutException (400).
 */
import express from 'express';
import request from 'supertest';
import { withDurableExecution, type DurableExecutionClient, type DurableExecutionInvocationOutput } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { createRuntimeHttpApi } from './http-api.js';
import { sequentialIds } from './ids.js';
import { createVirtualClock, DEFAULT_EPOCH } from './runtime-clock.js';
import { RuntimeProblem } from './runtime-problem.js';
import type { DurableHandler } from './invoke-handler.js';

const HOUR = 3_600_000;

function setup() {
  const clock = createVirtualClock();
  const runtime = createDurableRuntime({ db: ':memory:', clock, ids: sequentialIds('t') });
  const issued: string[] = [];
  /** Waits for a callback with no timeout of its own: only the execution timeout (or a stop) ends it. */
  const waiter = withDurableExecution(async (_e: unknown, ctx) => ctx.waitForCallback<string>('answer', async (id) => { issued.push(id); }));
  return { clock, runtime, issued, waiter };
}

const problemOf = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof RuntimeProblem) return err.problem;
    throw err;
  }
  return undefined;
};

describe('the local runtime keeps AWS contract', () => {
  it('consumes each checkpoint token: reusing one is refused as an invalid checkpoint token', async () => {
    const { runtime } = setup();
    const seen: Array<{ first: string; second: string; reuse: string }> = [];
    // a raw handler, given the event the SDK would get: it checkpoints by hand
    const raw = (async (event: { CheckpointToken: string; DurableExecutionArn: string; durableExecutionClient: DurableExecutionClient }): Promise<DurableExecutionInvocationOutput> => {
      const { durableExecutionClient: client, DurableExecutionArn: arn, CheckpointToken: token } = event;
      const step = (id: string) => [{ Id: id, Type: 'STEP' as const, Action: 'START' as const, Name: id }];
      const first = await client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: step('a') });
      const second = await client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken!, Updates: step('b') });
      const reuse = await client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken!, Updates: step('c') }).then(() => 'accepted', (err: Error) => err.message);
      const initialAgain = await client.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [] }).then(() => 'accepted', (err: Error) => err.message);
      seen.push({ first: 'accepted', second: second.CheckpointToken ? 'accepted' : 'no token', reuse: `${reuse} | ${initialAgain}` });
      return { Status: 'SUCCEEDED', Result: '"done"' } as DurableExecutionInvocationOutput;
    }) as unknown as DurableHandler;
    runtime.register('raw', raw);
    const { executionId } = runtime.start({ handler: 'raw' });
    await runtime.runUntilIdle();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.second).toBe('accepted');
    expect(seen[0]!.reuse).toMatch(/^Invalid Checkpoint Token: already used.* \| Invalid Checkpoint Token: already used/);
    expect(runtime.getExecution(executionId).operations.map((o) => o.name).filter(Boolean)).toEqual(['a', 'b']);
  });

  it('ends an execution past its execution timeout TIMED_OUT; a late completion of its callback is a CallbackTimeoutException', async () => {
    const { runtime, issued, waiter, clock } = setup();
    runtime.register('waiter', waiter, { executionTimeoutSeconds: 3600 });
    const { executionId } = runtime.start({ handler: 'waiter' });
    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    expect(view.status).toBe('TIMED_OUT');
    expect(clock.now()).toBe(DEFAULT_EPOCH + HOUR);
    expect(runtime.listExecutions('TIMED_OUT').map((e) => e.executionId)).toEqual([executionId]);
    expect(runtime.history(executionId).at(-1)).toMatchObject({ kind: 'execution-ended', action: 'TIMED_OUT' });
    expect(problemOf(() => runtime.succeedCallback(issued[0]!, '"late"'))).toMatchObject({ status: 400, type: 'urn:durable-runtime:problem:callback-timeout' });
    expect(runtime.getExecution(executionId)).toEqual(view);
  });

  it('leaves an execution that finishes in time alone, and one without a timeout waiting', async () => {
    const { runtime, issued, waiter, clock } = setup();
    runtime.register('timed', waiter, { executionTimeoutSeconds: 3600 });
    runtime.register('untimed', waiter);
    const timed = runtime.start({ handler: 'timed' }).executionId;
    const untimed = runtime.start({ handler: 'untimed' }).executionId;
    await runtime.runUntilIdle({ until: DEFAULT_EPOCH + HOUR / 2 });
    runtime.succeedCallback(issued[0]!, '"yes"');
    await runtime.runUntilIdle();
    expect(runtime.getExecution(timed)).toMatchObject({ status: 'SUCCEEDED', result: '"yes"' });
    await clock.advanceTo(DEFAULT_EPOCH + 2 * HOUR);
    await runtime.runUntilIdle();
    expect(runtime.getExecution(timed).status).toBe('SUCCEEDED');
    expect(runtime.getExecution(untimed).status).toBe('RUNNING');
  });

  it('stops a running execution (StopDurableExecution) over the API: STOPPED, never invoked again, a second stop refused', async () => {
    const { runtime, issued, waiter } = setup();
    runtime.register('waiter', waiter);
    // every completion counts as signed here: this test is about AWS's answer, not the signature check
    const app = express().use(createRuntimeHttpApi(runtime, { verifyCallback: async () => true }));
    const { executionId } = runtime.start({ handler: 'waiter' });
    await runtime.runUntilIdle();
    const invocations = runtime.invocations;
    const stopped = await request(app).post(`/executions/${executionId}/stop`).set('content-type', 'application/json').send('{"ErrorMessage":"withdrawn by the clinic"}');
    expect(stopped.status).toBe(200);
    expect(runtime.getExecution(executionId)).toMatchObject({ status: 'STOPPED', error: { ErrorMessage: 'withdrawn by the clinic' } });
    expect((await request(app).get('/executions?status=STOPPED')).body.executions).toHaveLength(1);
    const late = await request(app).post(`/callbacks/${issued[0]}/succeed`).send('"x"');
    expect([late.status, late.body.type]).toEqual([400, 'urn:durable-runtime:problem:callback-timeout']);
    expect((await request(app).post(`/executions/${executionId}/stop`)).status).toBe(400);
    await runtime.runUntilIdle();
    expect(runtime.invocations).toBe(invocations);
  });

  it('refuses a step result over 256 KB as AWS does (the execution fails with the service\'s validation error); 200 KB is fine', async () => {
    const { runtime } = setup();
    runtime.register('big', withDurableExecution(async (e: { kb: number }, ctx) => (await ctx.step('load', async () => 'x'.repeat(e.kb * 1024))).length));
    const big = runtime.start({ handler: 'big', input: { kb: 300 } }).executionId;
    const fine = runtime.start({ handler: 'big', input: { kb: 200 } }).executionId;
    await runtime.runUntilIdle();
    const failed = runtime.getExecution(big);
    expect(failed.status).toBe('FAILED');
    expect(failed.error?.ErrorMessage).toContain('Member must have length less than or equal to 262144');
    expect(runtime.getExecution(fine)).toMatchObject({ status: 'SUCCEEDED', result: 200 * 1024 });
  });
});

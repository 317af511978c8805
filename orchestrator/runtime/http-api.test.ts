import express from 'express';
import request from 'supertest';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { SimulatedCrash } from './crash-switch.js';
import { createRuntimeHttpApi } from './http-api.js';
import { createVirtualClock } from './runtime-clock.js';
import { createCallbackAuth } from '../callback-auth.js';
import { signCallbackBody } from '../../src/contracts/callback-signature.js';

const auth = createCallbackAuth('http-api-test-key-0123456789abcdef');

/** POST a callback completion signed for the callback id in `path` (or with `signature` as given). */
async function complete(app: express.Express, path: string, body = '', signature?: string) {
  const callbackId = decodeURIComponent(path.split('/callbacks/')[1]!.split('/')[0]!);
  const header = signature ?? (await signCallbackBody(await auth.secretFor(callbackId), body));
  return request(app).post(path).set('content-type', 'application/json').set('x-callback-signature', header).send(body);
}

function setup() {
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock() });
  const callbacks: string[] = [];
  runtime.register('approve', withDurableExecution(async (event: { claim: string }, ctx) => {
    const decision = await ctx.waitForCallback<string>('decision', async (id) => { callbacks.push(id); }, { timeout: { days: 7 } });
    return { claim: event.claim, decision: JSON.parse(decision) as unknown };
  }));
  const app = express();
  app.use('/runtime', createRuntimeHttpApi(runtime, { verifyCallback: auth.verify }));
  return { runtime, app, callbacks };
}

const expectProblem = (res: request.Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
};

describe('runtime HTTP API', () => {
  it('starts, lists, inspects and completes an execution through its callback', async () => {
    const { runtime, app, callbacks } = setup();
    const started = await request(app).post('/runtime/executions').send({ handler: 'approve', input: { claim: 'c-1' }, name: 'claim-c-1' });
    expect(started.status).toBe(201);
    const id = started.body.executionId as string;
    const again = await request(app).post('/runtime/executions').send({ handler: 'approve', input: { claim: 'c-1' }, name: 'claim-c-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ executionId: id, status: 'RUNNING', created: false });

    await runtime.runUntilIdle({ advance: false });
    const running = await request(app).get(`/runtime/executions/${id}`);
    expect(running.body).toMatchObject({ executionId: id, status: 'RUNNING', input: { claim: 'c-1' } });
    expect(running.body.operations.map((o: { type: string }) => o.type)).toEqual(['EXECUTION', 'CONTEXT', 'CALLBACK', 'STEP']);

    const forged = await complete(app, `/runtime/callbacks/${callbacks[0]}/succeed`, '{"approved":false}', await signCallbackBody('a-guessed-secret', '{"approved":false}'));
    expectProblem(forged, 401);
    expectProblem(await request(app).post(`/runtime/callbacks/${callbacks[0]}/fail`).send({ ErrorMessage: 'forged' }), 401);
    expectProblem(await request(app).post(`/runtime/callbacks/${callbacks[0]}/heartbeat`), 401);
    expect((await request(app).get(`/runtime/executions/${id}`)).body).toEqual(running.body);
    const ok = await complete(app, `/runtime/callbacks/${callbacks[0]}/succeed`, '{"approved":true}');
    expect(ok.status).toBe(200);
    await runtime.runUntilIdle();
    const done = await request(app).get(`/runtime/executions/${id}`);
    expect(done.body).toMatchObject({ status: 'SUCCEEDED', result: { claim: 'c-1', decision: { approved: true } } });
    const list = await request(app).get('/runtime/executions?status=SUCCEEDED');
    expect(list.body.executions).toEqual([expect.objectContaining({ executionId: id, name: 'claim-c-1', status: 'SUCCEEDED' })]);

    // a duplicate or late completion: AWS's CallbackTimeoutException, as the relays answer it on AWS
    const repeated = await complete(app, `/runtime/callbacks/${callbacks[0]}/succeed`, '"again"');
    expectProblem(repeated, 400);
    expect(repeated.body.type).toBe('urn:durable-runtime:problem:callback-timeout');
    expectProblem(await complete(app, `/runtime/callbacks/${callbacks[0]}/fail`, '{"ErrorMessage":"late"}'), 400);
    expect((await request(app).get(`/runtime/executions/${id}`)).body).toEqual(done.body);
  });

  it('fails a callback with an error object', async () => {
    const { runtime, app, callbacks } = setup();
    const { executionId } = runtime.start({ handler: 'approve', input: { claim: 'c-2' } });
    await runtime.runUntilIdle({ advance: false });
    const res = await complete(app, `/runtime/callbacks/${callbacks[0]}/fail`, JSON.stringify({ ErrorType: 'Rejected', ErrorMessage: 'no' }));
    expect(res.status).toBe(200);
    await runtime.runUntilIdle();
    expect(runtime.getExecution(executionId)).toMatchObject({ status: 'FAILED', error: { ErrorMessage: 'no' } });
  });

  it('answers bad input with problem+json 4xx, never a 500', async () => {
    const { runtime, app, callbacks } = setup();
    runtime.start({ handler: 'approve', input: { claim: 'c-3' } });
    await runtime.runUntilIdle({ advance: false });
    const json = (path: string, body: string) => request(app).post(path).set('content-type', 'application/json').send(body);

    expectProblem(await json('/runtime/executions', '{"handler":'), 400);
    expectProblem(await json('/runtime/executions', '{"input":{}}'), 400);
    expectProblem(await json('/runtime/executions', '{"handler":"nope"}'), 400);
    expectProblem(await json('/runtime/executions', '[1,2]'), 400);
    expectProblem(await request(app).get('/runtime/executions?status=BOGUS'), 400);
    expectProblem(await request(app).get('/runtime/executions/does-not-exist'), 404);
    // unsigned: 401 whether or not the callback exists (no oracle for callback ids)
    expectProblem(await json('/runtime/callbacks/unknown-id/succeed', '"x"'), 401);
    expectProblem(await complete(app, '/runtime/callbacks/unknown-id/succeed', '"x"'), 404);
    expectProblem(await complete(app, '/runtime/callbacks/unknown-id/fail', '{}'), 404);
    expectProblem(await complete(app, '/runtime/callbacks/unknown-id/heartbeat'), 404);
    expectProblem(await complete(app, `/runtime/callbacks/${callbacks[0]}/succeed`, '{"approved":'), 400);
    expectProblem(await complete(app, `/runtime/callbacks/${callbacks[0]}/fail`, '{"ErrorMessage": 42}'), 400);
    expectProblem(await json(`/runtime/callbacks/${callbacks[0]}/succeed`, `"${'x'.repeat(300_000)}"`), 413);
    expectProblem(await request(app).delete('/runtime/executions'), 404);
    expect((await complete(app, `/runtime/callbacks/${callbacks[0]}/heartbeat`)).status).toBe(200);
  });

  it('answers 503 while the runtime is crashed, and serves again after recover()', async () => {
    const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock(), crashPoints: (point) => { throw new SimulatedCrash(point); } });
    runtime.register('crashy', withDurableExecution(async (_e, ctx) => ctx.step('effect', async () => { runtime.crashHook('after-side-effect'); return 1; })));
    const app = express().use(createRuntimeHttpApi(runtime, { verifyCallback: auth.verify }));
    expect((await request(app).post('/executions').send({ handler: 'crashy' })).status).toBe(201);
    expect((await runtime.runUntilIdle()).crashed).toBe(true);
    expectProblem(await request(app).post('/executions').send({ handler: 'crashy' }), 503);
    runtime.recover();
    expect((await request(app).get('/executions')).body.executions).toEqual([expect.objectContaining({ status: 'RUNNING' })]);
  });
});

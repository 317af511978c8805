/**
 * The Lambda entry point as AWS runs it: `orchestrator/lambda.ts`'s handler, configured only by
 * its environment, on the SDK's own in-memory backend (`LocalDurableTestRunner`), reaching the
 * simulator over real HTTP. The physician's decision arrives as the callback relay would deliver
 * it (a callback completion), and the one outcome line the MANUAL_REVIEW alarm counts is logged.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { LocalDurableTestRunner, WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import { createExpressApp } from '../../src/adapters/express.js';
import { createSimulator } from '../../src/simulator.js';
import type { PriorAuthResult } from '../../orchestrator/workflow-types.js';

let server: Server;
let simUrl: string;

beforeAll(async () => {
  const sim = createSimulator({ config: { seed: 1, outbound: { allowHosts: ['127.0.0.1', 'cb.lambda-url.example', 'n.lambda-url.example'] } } });
  server = await new Promise<Server>((resolve) => {
    const s = createExpressApp(sim).listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = simUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // function URLs end in '/': the handler must not double the slash
  Object.assign(process.env, { EHR_URL: url, PAYER_URL: url, REVIEW_URL: url, CALLBACK_BASE_URL: 'https://cb.lambda-url.example/', NOTIFICATION_BASE_URL: 'https://n.lambda-url.example/', CALLBACK_SIGNING_KEY: 'k'.repeat(43) });
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false });
});

afterAll(async () => {
  await LocalDurableTestRunner.teardownTestEnvironment();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('reaches APPROVED from its environment alone and logs one outcome line for the alarm', async () => {
  const { handler } = await import('../../orchestrator/lambda.js');
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const runner = new LocalDurableTestRunner<PriorAuthResult>({ handlerFunction: handler });
    const running = runner.run({ payload: { patientId: 'pat-lumbar-meets', procedureCode: '72148' } });
    const review = await runner.getOperation('physician-review').waitForData(WaitingOperationStatus.SUBMITTED);
    const callbackId = review.getCallbackDetails()!.callbackId;
    const tasks = (await (await fetch(`${simUrl}/review/tasks`)).json()) as { tasks: Array<{ callbackUrl: string }> };
    expect(tasks.tasks.map((t) => t.callbackUrl)).toEqual([`https://cb.lambda-url.example/callbacks/${encodeURIComponent(callbackId)}/succeed`]);
    await review.sendCallbackSuccess(JSON.stringify({
      taskId: 'task-1', callbackId, executionId: 'exec', approved: true, reviewer: 'Dr. Test', decidedAt: '2026-01-01T00:00:00.000Z',
    }));
    const execution = await running;
    expect(execution.getStatus()).toBe('SUCCEEDED');
    expect(execution.getResult()).toMatchObject({ outcome: 'APPROVED', stages: { decision: { via: 'submit' } } });
    const outcomeLines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('"event":"prior-auth-outcome"'));
    expect(outcomeLines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([expect.objectContaining({ event: 'prior-auth-outcome', outcome: 'APPROVED' })]);
  } finally {
    log.mockRestore();
  }
}, 60_000);

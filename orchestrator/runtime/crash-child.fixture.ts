/**
 * Child process for the kill -9 test (process-kill.test.ts): a runtime on a file database
 * with a small handler, served over HTTP. `start` begins an execution; `resume` recovers.
 * Side effects are appended to a file so the parent can count them across processes.
 * Usage: node --import tsx crash-child.fixture.ts <db> <effects-file> start|resume
 */
import { appendFileSync } from 'node:fs';
import express from 'express';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { createRuntimeHttpApi } from './http-api.js';
import { createCallbackAuth, loadOrCreateCallbackKey } from '../callback-auth.js';

const [dbPath, effectsFile, mode] = process.argv.slice(2);
if (!dbPath || !effectsFile || (mode !== 'start' && mode !== 'resume')) throw new Error('usage: <db> <effects-file> start|resume');

const runtime = createDurableRuntime({ db: dbPath });
runtime.register('kill-test', withDurableExecution(async (event: { order: string }, ctx) => {
  const charged = await ctx.step('charge', async () => {
    appendFileSync(effectsFile, `charge ${process.pid}\n`);
    return `${event.order}-charged`;
  });
  const approval = await ctx.waitForCallback<string>('approval', async () => undefined, { timeout: { days: 7 } });
  const shipped = await ctx.step('ship', async () => {
    appendFileSync(effectsFile, `ship ${process.pid}\n`);
    return `${charged}-shipped-${approval}`;
  });
  return { shipped };
}));

// the key lives beside the database, so the restarted child verifies callbacks the first handed out
const callbackAuth = createCallbackAuth(loadOrCreateCallbackKey(`${dbPath}.callback-key`));
const server = express().use(createRuntimeHttpApi(runtime, { verifyCallback: callbackAuth.verify })).listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const executionId = mode === 'start' ? runtime.start({ handler: 'kill-test', input: { order: 'o-1' }, name: 'kill-test-1' }).executionId : undefined;
  if (mode === 'resume') runtime.recover();
  process.stdout.write(`${JSON.stringify({ port, executionId, pid: process.pid })}\n`);
});

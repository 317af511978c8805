/**
 * Child process for the restart test (restart.test.ts): the real orchestrator — runtime on a
 * file database, `createOrchestrator`, express — listening on 127.0.0.1:<port> and talking to
 * the simulator the parent runs. Its clock is dilated from the same anchor as the parent's
 * simulator clock, so two children started one after the other share one continuous time line.
 * Prints one JSON line `{ port, pid }` once it listens; exits when the parent closes its stdin.
 *
 * Usage: node --import tsx orchestrator-child.fixture.ts <db> <simulatorUrl> <port> <factor> <simStart> <realStart>
 */
import { createOrchestrator } from '../../orchestrator/orchestrator.js';
import { loadOrCreateCallbackKey } from '../../orchestrator/callback-auth.js';
import { createDilatedClock, createDurableRuntime } from '../../orchestrator/runtime/index.js';

const [db, simulatorUrl, portArg, factorArg, simStartArg, realStartArg] = process.argv.slice(2);
const port = Number(portArg);
const factor = Number(factorArg);
const simStart = Number(simStartArg);
const realStart = Number(realStartArg);
if (!db || !simulatorUrl || !(port > 0) || !(factor > 0) || !(simStart > 0) || !(realStart > 0)) {
  throw new Error('usage: <db> <simulatorUrl> <port> <factor> <simStart> <realStart>');
}

const clock = createDilatedClock(factor, simStart + (Date.now() - realStart) * factor);
const runtime = createDurableRuntime({ db, clock });
const publicUrl = `http://127.0.0.1:${port}`;
// the key is kept beside the database: a restarted child still accepts the decisions of callbacks the first handed out
const orchestrator = createOrchestrator({ runtime, simulatorUrl, publicUrl, now: () => clock.now(), timeoutMs: 5000, callbackKey: loadOrCreateCallbackKey(`${db}.callback-key`) });
runtime.recover();

const server = orchestrator.app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port, pid: process.pid })}\n`);
});
server.on('error', (err) => {
  process.stderr.write(`listen ${publicUrl}: ${err.message}\n`);
  process.exit(1);
});
// the parent holds our stdin: if it dies without killing us, do not linger
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

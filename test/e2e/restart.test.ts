/**
 * kill -9 and restart with real processes: the orchestrator runs in a child process on a file
 * database, the simulator in this process. The child is killed while the execution waits for
 * the physician; a new child on the same database and the same port receives the physician's
 * decision through the real path (the simulator POSTs to the task's callbackUrl, which names
 * the old child's address) and finishes the execution without re-running completed steps.
 *
 * Same port rather than a direct POST to the new child's /callbacks/{id}/succeed: the
 * callbackUrl is fixed in the review task when it is created, so a restarted service is only
 * reachable by the review system if it comes back at its published address. That is what a
 * deployment does, and it keeps the simulator's delivery in the test.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTsxChild } from '../support/spawn-tsx-child.js';
import { createExpressApp } from '../../src/adapters/express.js';
import { DEFAULT_EPOCH, DilatedClock } from '../../src/core/clock.js';
import type { ReviewTask } from '../../src/contracts/review.js';
import { createSimulator, type Simulator } from '../../src/simulator.js';
import type { ExecutionView } from '../../orchestrator/runtime/index.js';
import type { PriorAuthResult } from '../../orchestrator/workflow-types.js';
import { freePort } from '../support/free-port.js';

const CHILD = fileURLToPath(new URL('./orchestrator-child.fixture.ts', import.meta.url));
/** One real second is one simulated hour, in the simulator and in both children. */
const FACTOR = 3600;

interface Child { process: ChildProcess; port: number; pid: number }

/** Spawns the orchestrator child and resolves once it prints that it listens. */
async function spawnChild(args: { db: string; simulatorUrl: string; port: number; realStart: number }): Promise<Child> {
  const argv = [args.db, args.simulatorUrl, String(args.port), String(FACTOR), String(DEFAULT_EPOCH), String(args.realStart)];
  const { child, hello } = await spawnTsxChild<{ port: number; pid: number }>(CHILD, argv, { stdin: 'pipe' });
  children.push(child);
  return { process: child, ...hello };
}

/** Real processes on a real (dilated) clock: polling the wall clock is the only way to observe them. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}


async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

const children: ChildProcess[] = [];
let dir: string;
let sim: Simulator;
let simServer: Server;
let simulatorUrl: string;
let realStart: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orchestrator-restart-'));
  realStart = Date.now();
  const clock = new DilatedClock(FACTOR, DEFAULT_EPOCH);
  sim = createSimulator({ config: { seed: 1, payer: { webhooks: false }, review: { behaviour: 'manual' } }, clock });
  const app = createExpressApp(sim);
  simServer = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  simulatorUrl = `http://127.0.0.1:${(simServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  simServer.closeAllConnections();
  await new Promise<void>((resolve) => simServer.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('orchestrator kill -9 and restart (real processes, simulator over HTTP)', () => {
  it('a new process on the same database finishes the execution; completed steps do not re-run; one claim', async () => {
    const db = join(dir, 'runtime.sqlite');
    const port = await freePort();
    const orchestratorUrl = `http://127.0.0.1:${port}`;
    const count = (path: string) => sim.journal.query({ path }).length;
    const taskCreations = () => sim.journal.query({ method: 'POST', path: '/review/tasks' }).filter((e) => e.url === '/review/tasks').length;
    const EVERYTHING = '/ehr/fhir/Patient/pat-lumbar-meets/$everything';

    const first = await spawnChild({ db, simulatorUrl, port, realStart });
    const started = await json<{ executionId: string }>(`${orchestratorUrl}/prior-auth`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: 'pat-lumbar-meets', procedureCode: '72148' }),
    });
    expect(started.status).toBe(201);
    const { executionId } = started.body;

    // the physician's task exists, and the child has checkpointed its creation (the submitter step)
    const task = await until('a pending review task', async () => {
      const { body } = await json<{ tasks: ReviewTask[] }>(`${simulatorUrl}/review/tasks?status=pending`);
      return body.tasks.find((t) => t.executionId === executionId);
    });
    await until('the review submitter to be checkpointed', async () => {
      const { body } = await json<ExecutionView>(`${orchestratorUrl}/executions/${executionId}`);
      const review = body.operations.find((o) => o.name === 'physician-review');
      return body.operations.some((o) => o.parentId === review?.id && o.type === 'STEP' && o.status === 'SUCCEEDED') ? true : undefined;
    });
    expect(task.callbackUrl).toBe(`${orchestratorUrl}/callbacks/${encodeURIComponent(task.callbackId)}/succeed`);

    const exited = new Promise((resolve) => first.process.once('exit', resolve));
    first.process.kill('SIGKILL');
    await exited;
    expect(first.process.signalCode).toBe('SIGKILL');

    const before = { everything: count(EVERYTHING), ehr: count('/ehr/'), crd: count('/payer/cds-services/crd-order-sign'), tasks: taskCreations() };
    expect(before.everything).toBeGreaterThan(0);
    expect(before.crd).toBe(1);
    expect(before.tasks).toBe(1);
    expect(count('/payer/fhir/Claim/$submit')).toBe(0);

    const second = await spawnChild({ db, simulatorUrl, port, realStart });
    expect(second.pid).not.toBe(first.pid);

    // the physician approves; the simulator delivers to the callbackUrl, now served by the new process
    const decided = await json<ReviewTask>(`${simulatorUrl}/review/tasks/${encodeURIComponent(task.id)}/decision`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ approved: true, reviewer: 'Dr. Restart' }),
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'delivered', deliveries: [{ status: 200 }] });

    const done = await until('the execution to finish', async () => {
      const { body } = await json<ExecutionView>(`${orchestratorUrl}/executions/${executionId}`);
      return body.status === 'RUNNING' ? undefined : body;
    }, 20_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.invocations).toBeGreaterThanOrEqual(2);
    const result = done.result as PriorAuthResult;
    expect(result).toMatchObject({ outcome: 'APPROVED', stages: { review: { approved: true, reviewer: 'Dr. Restart' }, decision: { via: 'submit' } } });
    expect(result.authorizationNumber).toBeTruthy();

    // nothing completed before the kill ran again in the new process
    expect({ everything: count(EVERYTHING), ehr: count('/ehr/'), crd: count('/payer/cds-services/crd-order-sign'), tasks: taskCreations() }).toEqual(before);
    expect(count('/payer/fhir/Claim/$submit')).toBe(1);
    expect(sim.ledger.totals().claims).toBe(1);
    second.process.kill('SIGKILL');
  }, 60_000);
});

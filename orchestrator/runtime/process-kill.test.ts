import { deriveCallbackSecret, signCallbackBody } from '../../src/contracts/callback-signature.js';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTsxChild } from '../../test/support/spawn-tsx-child.js';

const CHILD = fileURLToPath(new URL('./crash-child.fixture.ts', import.meta.url));

interface Hello { port: number; executionId?: string; pid: number }

/** Spawns the fixture and resolves with the first line it prints. */
const spawnChild = (db: string, effects: string, mode: 'start' | 'resume') => spawnTsxChild<Hello>(CHILD, [db, effects, mode]);

/** Real processes on the real clock: polling the wall clock is the only way to observe them. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const getExecution = async (port: number, id: string) =>
  (await (await fetch(`http://127.0.0.1:${port}/executions/${id}`)).json()) as { status: string; result?: unknown; operations: { type: string; status: string; details: Record<string, unknown> }[] };

describe('kill -9 and restart (real processes)', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'durable-kill-')); });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a suspended execution in a new process; a step completed before the kill does not re-run', async () => {
    const db = join(dir, 'runtime.sqlite');
    const effects = join(dir, 'effects.log');

    const first = await spawnChild(db, effects, 'start');
    children.push(first.child);
    const id = first.hello.executionId!;
    const callbackId = await until('the callback to be issued', async () => {
      const cb = (await getExecution(first.hello.port, id)).operations.find((o) => o.type === 'CALLBACK' && o.status === 'STARTED');
      return cb?.details.CallbackId as string | undefined;
    });
    const exited = new Promise((r) => first.child.on('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await spawnChild(db, effects, 'resume');
    children.push(second.child);
    const url = `http://127.0.0.1:${second.hello.port}/callbacks/${encodeURIComponent(callbackId)}/succeed`;
    const forged = await fetch(url, { method: 'POST', body: 'approved', headers: { 'x-callback-signature': await signCallbackBody('not-the-secret-at-all', 'approved') } });
    expect(forged.status).toBe(401);
    // the key the first child generated and kept beside its database still verifies after the restart
    const secret = await deriveCallbackSecret(readFileSync(`${db}.callback-key`, 'utf8').trim(), callbackId);
    const res = await fetch(url, { method: 'POST', body: 'approved', headers: { 'x-callback-signature': await signCallbackBody(secret, 'approved') } });
    expect(res.status).toBe(200);
    const done = await until('the execution to finish', async () => {
      const view = await getExecution(second.hello.port, id);
      return view.status === 'RUNNING' ? undefined : view;
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: { shipped: 'o-1-charged-shipped-approved' } });

    expect(existsSync(effects)).toBe(true);
    const lines = readFileSync(effects, 'utf8').trim().split('\n');
    expect(lines).toEqual([`charge ${first.hello.pid}`, `ship ${second.hello.pid}`]);
    second.child.kill('SIGKILL');
  });
});

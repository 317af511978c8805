/**
 * Start-up truth with the real CLI: a busy port is a clear error and exit code 3 for `serve`,
 * `orchestrator` and `start`; a second `npm start` on the same data resumes what was running and
 * starts a new demo request with a new id; Ctrl-C (SIGINT) stops both children and says so.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli-process.js';
import { freePort } from '../support/free-port.js';

const dirs: string[] = [];
const procs: ChildProcess[] = [];
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await new Promise<void>((resolve) => busy.close(() => resolve()));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});


/** Run the CLI; `output()` is everything it printed so far, `exited` its exit code. */
const cli = (args: string[]) => runCli(args, procs);

describe('a port already in use', () => {
  it.each([
    ['serve', () => ['serve', '--port', String(busyPort)]],
    ['orchestrator', () => ['orchestrator', '--port', String(busyPort), '--db', join(mkdtempSync(join(tmpdir(), 'busy-')), 'o.sqlite')]],
    ['start (console port)', () => ['start', '--console-port', String(busyPort), '--data', mkdtempSync(join(tmpdir(), 'busy-'))]],
  ])('%s: says so and exits 3', async (_name, args) => {
    const run = cli(args());
    expect(await run.exited).toBe(3);
    expect(run.output()).toContain(`127.0.0.1:${busyPort} is already in use`);
    expect(run.output()).not.toMatch(/listening on/);
  }, 120_000);

  it('start: a child that cannot bind stops the whole start with exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'busy-child-'));
    dirs.push(dir);
    const run = cli(['start', '--console-port', '0', '--port', String(busyPort), '--data', dir, '--no-demo-request']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`simulator could not bind http://127.0.0.1:${busyPort}: the port is in use`);
  }, 120_000);
});

describe('npm start twice on the same data', () => {
  it('each start begins a new demo request, the second says what it resumed, Ctrl-C stops both children', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-twice-'));
    dirs.push(dir);
    const args = async () => ['start', '--console-port', '0', '--port', String(await freePort()), '--orchestrator-port', String(await freePort()), '--data', dir, '--factor', '60'];

    const first = cli(await args());
    const [, firstId] = await first.printed(/demo request (demo-\S+) started/);
    const [, consoleUrl] = await first.printed(/console\s+(http:\/\/\S+)/);
    const { processes } = (await (await fetch(`${consoleUrl}/supervisor/processes`)).json()) as { processes: { name: string; pid: number; status: string }[] };
    expect(processes.map((p) => [p.name, p.status])).toEqual([['simulator', 'running'], ['orchestrator', 'running']]);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped cleanly');
    for (const p of processes) expect(() => process.kill(p.pid, 0)).toThrow();

    const second = cli(await args());
    const [, secondId] = await second.printed(/demo request (demo-\S+) started/);
    expect(secondId).not.toBe(firstId);
    expect(second.output()).toMatch(new RegExp(`resumed 1 running execution\\(s\\): ${firstId!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 300_000);
});

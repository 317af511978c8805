/**
 * `prior-auth-sim start` (npm start) flags through the real CLI: a non-loopback host needs an
 * admin token; `--admin-token` reaches the simulator child (its /__admin needs the bearer) and
 * guards the supervisor's routes; `--manual-review` makes the person at the console the physician.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childCommand } from '../../src/process/child-command.js';
import { freePort } from '../support/free-port.js';

const TOKEN = 'start-admin-token-0123456789';
const dirs: string[] = [];
const procs: ChildProcess[] = [];

afterAll(() => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function cli(args: string[], env: Record<string, string> = {}) {
  const { command, args: argv } = childCommand(args);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  procs.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = async (pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(out);
      if (m) return m;
      if (child.exitCode !== null || performance.now() > deadline) throw new Error(`never printed ${pattern}; exit ${child.exitCode}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, printed, output: () => out };
}

describe('prior-auth-sim start', () => {
  it('refuses a non-loopback host without an admin token, and a short token, with exit 2', async () => {
    dirs.push(mkdtempSync(join(tmpdir(), 'start-open-')), mkdtempSync(join(tmpdir(), 'start-short-')));
    const open = cli(['start', '--host', '0.0.0.0', '--data', dirs.at(-2)!]);
    const short = cli(['start', '--admin-token', 'short', '--data', dirs.at(-1)!]);
    expect(await open.exited).toBe(2);
    expect(open.output()).toContain('refusing to bind 0.0.0.0');
    expect(await short.exited).toBe(2);
    expect(short.output()).toContain('at least 16 characters');
  }, 120_000);

  it('--admin-token (here from PRIOR_AUTH_SIM_ADMIN_TOKEN) guards the simulator child and the supervisor; --manual-review says who reviews', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-flags-'));
    dirs.push(dir);
    const port = await freePort();
    const run = cli(['start', '--console-port', '0', '--port', String(port), '--orchestrator-port', String(await freePort()), '--data', dir, '--manual-review'], { PRIOR_AUTH_SIM_ADMIN_TOKEN: TOKEN });
    const [, consoleUrl] = await run.printed(/console {7}(\S+)/);
    await run.printed(/review {8}you are the physician/);
    await run.printed(/demo request \S+ started/);
    const sim = `http://127.0.0.1:${port}`;
    expect((await fetch(`${sim}/__admin/clock`)).status).toBe(401);
    expect((await fetch(`${sim}/__admin/clock`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${consoleUrl}/supervisor/processes`)).status).toBe(401);
    expect((await fetch(`${consoleUrl}/supervisor/processes`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    // the token travels in the child's environment, never on a command line
    expect(run.output()).not.toContain(TOKEN);
    expect(run.output()).toMatch(/\[simulator {3}\] prior-auth-sim listening on \S+ \(seed 42, dilated clock at \S+, manual review\)/);
    run.child.kill('SIGINT');
    await run.printed(/stopped cleanly/, 60_000);
    expect(await run.exited).toBe(0);
  }, 240_000);
});

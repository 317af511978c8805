/**
 * `prior-auth-sim start --auth smart` through the real CLI (two real child processes): the payer
 * and EHR run SMART Backend Services, the orchestrator registers its own public key at start and
 * authenticates with it, and the demo request ends APPROVED. Its key is kept in the data
 * directory, so after each child is killed (-9) and restarted the same key is registered and a new
 * request is approved again.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli-process.js';
import { freePort } from '../support/free-port.js';

const TOKEN = 'smart-start-admin-token-0123456789';
const bearer = { authorization: `Bearer ${TOKEN}` };
const dirs: string[] = [];
const procs: ChildProcess[] = [];

afterAll(() => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, output: () => string, timeoutMs = 90_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface ClientList { mode: string; clients: { clientId: string; kids: string[]; source: string }[] }
interface Journal { entries: { url: string; status: number; requestHeaders: Record<string, string> }[] }

describe('prior-auth-sim start --auth smart', () => {
  it('runs SMART on payer and EHR, registers the orchestrator\'s own key, approves the demo request, and keeps the key across restarts of either child', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-smart-'));
    dirs.push(dir);
    const port = await freePort();
    const orchestratorPort = await freePort();
    const run = runCli(['start', '--auth', 'smart', '--console-port', '0', '--port', String(port), '--orchestrator-port', String(orchestratorPort), '--data', dir, '--factor', '3600'], procs, { PRIOR_AUTH_SIM_ADMIN_TOKEN: TOKEN });
    const [, consoleUrl] = await run.printed(/console {7}(\S+)/);
    await run.printed(/auth {10}SMART Backend Services/);
    const [, outcome] = await run.printed(/demo demo-\S+ {2}outcome ([A-Z_]+)/, 120_000);
    expect(outcome).toBe('APPROVED');
    const sim = `http://127.0.0.1:${port}`;
    const orch = `http://127.0.0.1:${orchestratorPort}`;

    // the simulator is a SMART server and the orchestrator a client registered over the admin API
    const clients = async () => (await (await fetch(`${sim}/__admin/auth/clients`, { headers: bearer })).json()) as ClientList;
    const first = await clients();
    expect(first.mode).toBe('smart');
    const registered = first.clients.find((c) => c.clientId === 'prior-auth-orchestrator');
    expect(registered).toMatchObject({ source: 'admin' });
    const kid = registered!.kids[0]!;
    expect((await fetch(`${sim}/ehr/fhir/Patient/pat-lumbar-meets`)).status).toBe(401);
    // it fetched tokens at both token endpoints and sent them on its FHIR calls
    const journal = (await (await fetch(`${sim}/__admin/journal?limit=100000`, { headers: bearer })).json()) as Journal;
    for (const system of ['payer', 'ehr']) expect(journal.entries.some((e) => e.url === `/${system}/auth/token` && e.status === 200)).toBe(true);
    const submits = journal.entries.filter((e) => e.url.startsWith('/payer/fhir/Claim/$submit'));
    expect(submits.length).toBeGreaterThan(0);
    // a 401 answered by a fresh token and one retry is the client doing its job; anything else is not
    expect(submits.some((e) => e.status === 200)).toBe(true);
    expect(submits.filter((e) => e.status >= 400 && e.status !== 401)).toEqual([]);

    // its private key stays in the data directory, readable by its owner only
    const keyFile = join(dir, 'orchestrator.sqlite.smart-key.json');
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    const storedKey = readFileSync(keyFile, 'utf8');
    expect(run.output()).not.toContain(JSON.parse(storedKey).d);

    // kill -9 each child in turn: the supervisor restarts it, the same key is registered, requests still pass
    const processes = async () => ((await (await fetch(`${consoleUrl}/supervisor/processes`, { headers: bearer })).json()) as { processes: { name: string; status: string; restarts: number }[] }).processes;
    for (const name of ['orchestrator', 'simulator']) {
      expect((await fetch(`${consoleUrl}/supervisor/processes/${name}/kill`, { method: 'POST', headers: bearer })).status).toBe(202);
      await until(`${name} restarted`, async () => ((await processes()).find((p) => p.name === name && p.restarts === 1 && p.status === 'running') ? true : undefined), run.output);
    }
    const again = await until('the simulator answering after its restart', async () => {
      const list = await clients();
      return list.clients.length ? list : undefined;
    }, run.output);
    expect(again.mode).toBe('smart');
    expect(again.clients.find((c) => c.clientId === 'prior-auth-orchestrator')?.kids).toEqual([kid]);
    expect(readFileSync(keyFile, 'utf8')).toBe(storedKey);
    expect(run.output().match(/SMART client prior-auth-orchestrator \(key \S+\) registered/g)?.length).toBe(2);

    const started = await until('a new request started', async () => {
      const res = await fetch(`${orch}/prior-auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ patientId: 'pat-lumbar-meets', procedureCode: '72148', requestId: 'after-restarts' }) });
      return res.ok ? ((await res.json()) as { executionId: string }) : undefined;
    }, run.output);
    const done = await until('the new request ended', async () => {
      const view = (await (await fetch(`${orch}/executions/${started.executionId}`)).json()) as { status: string; result?: { outcome?: string; reason?: string } };
      return view.status === 'RUNNING' ? undefined : view;
    }, run.output, 120_000);
    expect({ status: done.status, outcome: done.result?.outcome, reason: done.result?.reason }).toEqual({ status: 'SUCCEEDED', outcome: 'APPROVED', reason: undefined });

    run.child.kill('SIGINT');
    await run.printed(/stopped cleanly/, 60_000);
    expect(await run.exited).toBe(0);
  }, 300_000);
});

/**
 * `npm start`'s one time line, manual review and admin token, against `startSupervised` (the
 * supervisor with its two child processes): the physician is a person (`--manual-review`), so a
 * day's jump leaves the review task pending; a jump and a speed change made through the
 * supervisor (as the console's clock controls do) move the simulator and the orchestrator
 * together — the orchestrator's own timers (its poll backoff) fire on the new clock and its
 * records agree with the simulator's. Every admin and supervisor call needs the admin token,
 * which the console sends server-side and never shows the page.
 *
 * The system runs at factor 1 (real time) until the speed change: a 2-hour pend and 30-second
 * poll backoffs would take hours, so the execution ends only if both clocks follow the changes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSupervised, type SupervisedSystem } from '../../src/process/demo-supervisor.js';
import { freePort } from '../support/free-port.js';

const TOKEN = 'demo-admin-token-0123456789';
const DAY = 86_400_000;
const bearer = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };

let dir: string;
let system: SupervisedSystem;
const logs: string[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs.slice(-30).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const getJson = async <T>(url: string, headers: Record<string, string> = bearer): Promise<T> => {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
};

beforeAll(async () => {
  const services = ['simulator-service.ts', 'orchestrator-service.ts'].map((f) => fileURLToPath(new URL(`../../src/process/${f}`, import.meta.url)));
  const warm = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', services.map((f) => `await import(${JSON.stringify(`file://${f}`)});`).join(' ')], { encoding: 'utf8', timeout: 120_000 });
  if (warm.status !== 0) throw new Error(`warming the child modules failed: ${warm.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'supervised-clock-'));
  system = await startSupervised({
    host: '127.0.0.1', consolePort: 0, simulatorPort: await freePort(), orchestratorPort: await freePort(),
    // the demo's payer (pend 2 h) and a simulated physician who would approve after 4 h — overridden by manual review
    seed: 11, factor: 1, dataDir: dir, manualReview: true, adminToken: TOKEN,
    log: (line) => logs.push(line),
    onFatal: (message) => logs.push(`FATAL ${message}`),
  });
}, 240_000);

afterAll(async () => {
  await system?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('npm start (startSupervised) with --manual-review and --admin-token', () => {
  it('guards the simulator\'s admin API and the supervisor\'s routes with the token', async () => {
    expect((await fetch(`${system.simulatorUrl}/__admin/clock`)).status).toBe(401);
    expect((await fetch(`${system.simulatorUrl}/__admin/clock`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${system.consoleUrl}/supervisor/processes`)).status).toBe(401);
    const unauth = await fetch(`${system.consoleUrl}/supervisor/clock/advance`, { method: 'POST', headers: json, body: JSON.stringify({ seconds: 60 }) });
    expect(unauth.status).toBe(401);
    expect((await fetch(`${system.consoleUrl}/supervisor/processes/orchestrator/kill`, { method: 'POST' })).status).toBe(401);
    expect((await getJson<{ processes: { status: string }[] }>(`${system.consoleUrl}/supervisor/processes`)).processes.map((p) => p.status)).toEqual(['running', 'running']);
  }, 60_000);

  it('lets the console read and act with the token server-side, never handing it to the page', async () => {
    const page = await (await fetch(`${system.consoleUrl}/`)).text();
    const catalog = await (await fetch(`${system.consoleUrl}/console/api/catalog`)).text();
    expect(page).toContain('<div id="app">');
    expect(page + catalog).not.toContain(TOKEN);
    // one snapshot from the event stream: the simulator's admin reads succeeded with the token
    const res = await fetch(`${system.consoleUrl}/console/api/events`);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
    while (!/event: snapshot\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n\n/.exec(text)![1]!) as { simulator: { ok: boolean }; supervisor: { ok: boolean }; clock: { factor: number } };
    expect(snapshot.simulator).toEqual({ ok: true });
    expect(snapshot.supervisor.ok).toBe(true);
    expect(snapshot.clock.factor).toBe(1);
    expect(text).not.toContain(TOKEN);
  }, 60_000);

  it('leaves the review to a person, and moves both processes\' clocks with a jump and a speed change', async () => {
    const start = await fetch(`${system.orchestratorUrl}/prior-auth`, { method: 'POST', headers: json, body: JSON.stringify({ patientId: 'pat-lumbar-meets', procedureCode: '72148', requestId: 'clock-1' }) });
    expect(start.status).toBe(201);
    const { executionId } = (await start.json()) as { executionId: string };
    type Task = { id: string; status: string; createdAt: string };
    const task = await until('the review task', async () => (await getJson<{ tasks: Task[] }>(`${system.simulatorUrl}/__admin/review/tasks`)).tasks[0]);

    // a day ahead, through the supervisor: both children confirm they follow the new time line
    const before = Date.parse((await getJson<{ now: string }>(`${system.simulatorUrl}/__admin/clock`)).now);
    const jump = await fetch(`${system.consoleUrl}/supervisor/clock/advance`, { method: 'POST', headers: { ...json, ...bearer }, body: JSON.stringify({ seconds: 86_400 }) });
    expect(jump.status).toBe(200);
    const jumped = (await jump.json()) as { now: string; factor: number; children: Record<string, string> };
    expect(jumped.children).toEqual({ simulator: 'follows', orchestrator: 'follows' });
    expect(Date.parse(jumped.now)).toBeGreaterThanOrEqual(before + DAY);
    expect(Date.parse((await getJson<{ now: string }>(`${system.simulatorUrl}/__admin/clock`)).now)).toBeGreaterThanOrEqual(before + DAY);
    // the simulated physician would have approved 4 h after the task: a person reviews, so it still waits
    expect((await getJson<{ tasks: Task[] }>(`${system.simulatorUrl}/__admin/review/tasks`)).tasks.map((t) => t.status)).toEqual(['pending']);
    // the child's own clock controls are the supervisor's now
    const direct = await fetch(`${system.simulatorUrl}/__admin/clock/speed`, { method: 'POST', headers: { ...json, ...bearer }, body: JSON.stringify({ factor: 60 }) });
    expect(direct.status).toBe(409);

    const decided = await fetch(`${system.simulatorUrl}/review/tasks/${task.id}/decision`, { method: 'POST', headers: json, body: JSON.stringify({ approved: true, reviewer: 'Dr. Person' }) });
    expect(decided.status).toBe(200);
    type Claim = { createdAt: string; pended: boolean };
    const claim = await until('the submitted claim', async () => (await getJson<{ claims: Claim[] }>(`${system.simulatorUrl}/__admin/claims`)).claims[0]);
    expect(claim.pended).toBe(true);

    // faster, through the console's clock control (which goes to the supervisor with the token)
    const speed = await fetch(`${system.consoleUrl}/console/api/clock/speed`, { method: 'POST', headers: { ...json, 'x-console': '1' }, body: JSON.stringify({ factor: 100_000 }) });
    expect(speed.status).toBe(200);
    expect(await speed.json()).toMatchObject({ factor: 100_000, children: { simulator: 'follows', orchestrator: 'follows' } });
    expect(await getJson(`${system.simulatorUrl}/__admin/clock/speed`)).toMatchObject({ kind: 'dilated', factor: 100_000 });

    type View = { status: string; result?: { outcome?: string }; endedAt?: string };
    const view = await until('the execution to end', async () => {
      const v = await getJson<View>(`${system.orchestratorUrl}/executions/${executionId}`, {});
      return v.status === 'RUNNING' ? undefined : v;
    }, 120_000);
    expect(view.result?.outcome).toBe('APPROVED');

    type Event = { at: number; kind: string; name?: string; action?: string };
    const { events } = await getJson<{ events: Event[] }>(`${system.orchestratorUrl}/executions/${executionId}/history`, {});
    // the orchestrator jumped with the simulator: it took the physician's decision a day on, as the simulator sent it
    const completion = events.find((e) => e.kind === 'callback-completed')!;
    expect(completion.at).toBeGreaterThanOrEqual(before + DAY);
    const submitted = events.find((e) => e.kind === 'checkpoint' && e.name === 'submit' && e.action === 'SUCCEED')!;
    // both stamped the submission on one time line (a missed jump would put them a day apart)
    expect(Math.abs(submitted.at - Date.parse(claim.createdAt))).toBeLessThan(60_000);
    // its polls ran on the faster clock: it saw the payer's decision, made 2 h after the claim, at or after that instant
    const polled = events.find((e) => e.kind === 'checkpoint' && e.name === 'poll-decision' && e.action === 'SUCCEED')!;
    expect(polled.at).toBeGreaterThanOrEqual(Date.parse(claim.createdAt) + 2 * 3_600_000);
    expect(Date.parse(view.endedAt!)).toBeGreaterThanOrEqual(polled.at);
  }, 240_000);
});

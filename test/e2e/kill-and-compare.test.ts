/**
 * Kill and compare, with real processes: 20 prior-auth requests (every persona on a polling payer;
 * on a webhook payer, the seven whose claims the payer pends — the only ones it answers
 * differently: approved, denied, missing documentation) run twice under
 * `npm start`'s supervisor — once untouched, once with the simulator and the orchestrator each
 * SIGKILLed several times at seeded moments (through the supervisor's kill endpoint) and
 * restarted on their data. Every request must end with the same outcome, with one claim per
 * request at the payer, each review task decided once, and every execution's history in time
 * order (the clock never went back across restarts).
 *
 * The clock is dilated 10×: slow enough that a restart on a busy machine (seconds of wall time)
 * stays well inside the orchestrator's step retries (about 8 simulated minutes; a longer outage
 * is a MANUAL_REVIEW by design), fast enough that the physician's minute and a two-minute pend
 * pass in seconds. Payer and review system retry deliveries 10 times, as a real one would, so a
 * receiver that is down for a restart still gets its callback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import type { SimulatorConfigInput } from '../../src/contracts/config.js';
import { PERSONAS } from '../../src/contracts/personas.js';
import { ProcedureCodes } from '../../src/contracts/clinical-codes.js';
import type { ReviewTask } from '../../src/contracts/review.js';
import { startSupervised, type SupervisedSystem } from '../../src/process/demo-supervisor.js';
import { freePort } from '../support/free-port.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FACTOR = 10;
const KILLS_PER_PROCESS = 3;

const payer = (webhooks: boolean): SimulatorConfigInput => ({
  seed: 7,
  payer: {
    webhooks,
    rules: { '72148': { decision: 'A4', pendSeconds: 120, finalDecision: 'evidence' } },
    missingDocumentation: { pendSeconds: 150 },
    notifications: { maxAttempts: 10, retryBackoffSeconds: 10 },
  },
  review: { behaviour: 'approve', delaySeconds: 60, deliveryAttempts: 10, deliveryBackoffSeconds: 10 },
});

const requests = PERSONAS.map((p) => ({ requestId: p.id, patientId: p.id, procedureCode: ProcedureCodes[p.procedure].code }));
/** The claims `payer()` pends (every lumbar MRI; missing documentation): decided later, by notification or polling. */
const pended = new Set(PERSONAS.filter((p) => p.procedure === 'lumbarMri' || p.expectation === 'missing-documentation').map((p) => p.id));
const webhookRequests = requests.filter((r) => pended.has(r.requestId));
const requestsOf = (webhooks: boolean) => (webhooks ? webhookRequests : requests);

interface Outcome { requestId: string; outcome?: string; reviewActionCode?: string; via?: string; reason?: string }


async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Real processes on a dilated clock: polling the wall clock is the only way to observe them. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const dirs: string[] = [];

// Every child starts through tsx; on a fresh clone its transform cache is cold and the first
// starts are slow. Load both services once here so the kills below measure restarts, not compiles.
beforeAll(() => {
  const services = ['simulator-service.ts', 'orchestrator-service.ts'].map((f) => fileURLToPath(new URL(`../../src/process/${f}`, import.meta.url)));
  const warm = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', services.map((f) => `await import(${JSON.stringify(`file://${f}`)});`).join(' ')], { encoding: 'utf8', timeout: 120_000 });
  if (warm.status !== 0) throw new Error(`warming the child modules failed: ${warm.stderr}`);
}, 150_000);
const systems: SupervisedSystem[] = [];
/** The requests each system is sent. */
const sent = new Map<SupervisedSystem, typeof requests>();
const logs: string[] = [];
const logsOf = new Map<SupervisedSystem, string>();

async function startSystem(name: string, webhooks: boolean): Promise<SupervisedSystem> {
  const dir = mkdtempSync(join(tmpdir(), `kill-compare-${name}-`));
  dirs.push(dir);
  const system = await startSupervised({
    host: '127.0.0.1', consolePort: 0, simulatorPort: await freePort(), orchestratorPort: await freePort(),
    seed: 7, factor: FACTOR, dataDir: dir, config: payer(webhooks),
    log: (line) => logs.push(`${name} ${line}`),
    onFatal: (message, stop) => {
      logs.push(`${name} FATAL ${message}`);
      void stop();
    },
  });
  systems.push(system);
  sent.set(system, requestsOf(webhooks));
  logsOf.set(system, name);
  return system;
}

async function startAll(system: SupervisedSystem): Promise<void> {
  for (const r of sent.get(system)!) {
    const res = await fetch(`${system.orchestratorUrl}/prior-auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(r) });
    expect(res.status).toBe(201);
  }
}

async function waitRunning(system: SupervisedSystem, name: string): Promise<void> {
  await until(`${name} to run again`, async () => {
    const { processes } = await getJson<{ processes: { name: string; status: string }[] }>(`${system.consoleUrl}/supervisor/processes`);
    return processes.find((p) => p.name === name)?.status === 'running' ? true : undefined;
  }, 60_000);
}

/** SIGKILL each child KILLS_PER_PROCESS times, in a seeded order, at seeded moments, each time once both run. */
async function killRepeatedly(system: SupervisedSystem, seed: string): Promise<number> {
  const rng = new Rng(seed);
  const victims = rng.fork('order');
  const order: string[] = Array.from({ length: KILLS_PER_PROCESS * 2 }, (_, i) => (i % 2 === 0 ? 'simulator' : 'orchestrator'));
  for (let i = order.length - 1; i > 0; i--) {
    const j = victims.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const moments = rng.fork('moments');
  let kills = 0;
  for (const name of order) {
    await new Promise((r) => setTimeout(r, moments.int(300, 2500)));
    const res = await fetch(`${system.consoleUrl}/supervisor/processes/${name}/kill`, { method: 'POST' });
    expect(res.status).toBe(202);
    kills += 1;
    await waitRunning(system, name);
  }
  return kills;
}

/** What a system that did not end is doing: its running executions' last history events, the payer's ledger and the errors it answered. */
async function diagnose(system: SupervisedSystem): Promise<string> {
  const lines: string[] = [];
  const { executions } = await getJson<{ executions: { executionId: string; name?: string; status: string }[] }>(`${system.orchestratorUrl}/executions`);
  lines.push(`${executions.length} executions of ${sent.get(system)!.length} sent`);
  for (const e of executions.filter((x) => x.status === 'RUNNING')) {
    const { events } = await getJson<{ events: Record<string, unknown>[] }>(`${system.orchestratorUrl}/executions/${e.executionId}/history`);
    lines.push(`RUNNING ${e.name}: ${events.length} events; last: ${JSON.stringify(events.slice(-6))}`);
  }
  const ledger = await getJson<{ entries: unknown[] }>(`${system.simulatorUrl}/__admin/ledger`);
  lines.push(`ledger: ${JSON.stringify(ledger.entries)}`);
  const journal = await getJson<{ entries: { at: string; method: string; url: string; status: number; outcome: string }[] }>(`${system.simulatorUrl}/__admin/journal?limit=100000`);
  lines.push(`simulator answers >= 400 or not responded: ${JSON.stringify(journal.entries.filter((j) => j.status >= 400 || j.outcome !== 'responded').map((j) => `${j.at} ${j.method} ${j.url} ${j.status} ${j.outcome}`))}`);
  const { tasks } = await getJson<{ tasks: unknown[] }>(`${system.simulatorUrl}/review/tasks`);
  lines.push(`review tasks: ${JSON.stringify(tasks)}`);
  return lines.join('\n');
}

async function outcomes(system: SupervisedSystem): Promise<Outcome[]> {
  const done = await until('every execution to end', async () => {
    const { executions } = await getJson<{ executions: { executionId: string; name?: string; status: string }[] }>(`${system.orchestratorUrl}/executions`);
    return executions.length === sent.get(system)!.length && executions.every((e) => e.status !== 'RUNNING') ? executions : undefined;
  }, 480_000).catch(async (err: Error) => {
    const name = logsOf.get(system) ?? '?';
    throw new Error(`${name}: ${err.message}\n${await diagnose(system).catch((e: Error) => `(diagnosis failed: ${e.message})`)}\nlogs:\n${logs.filter((l) => l.startsWith(`${name} `)).slice(-80).join('\n')}`);
  });
  const out: Outcome[] = [];
  for (const e of done) {
    const view = await getJson<{ status: string; result?: { outcome: string; reason?: string; stages?: { decision?: { reviewActionCode?: string; via?: string } } } }>(`${system.orchestratorUrl}/executions/${e.executionId}`);
    const { events } = await getJson<{ events: { at: string | number }[] }>(`${system.orchestratorUrl}/executions/${e.executionId}/history`);
    const times = events.map((ev) => (typeof ev.at === 'number' ? ev.at : Date.parse(ev.at)));
    expect(times.length).toBeGreaterThan(0);
    for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) throw new Error(`${e.name}: history runs backwards at event ${i}: ${new Date(times[i - 1]!).toISOString()} → ${new Date(times[i]!).toISOString()}`);
    out.push({ requestId: e.name!, outcome: view.result?.outcome ?? view.status, reviewActionCode: view.result?.stages?.decision?.reviewActionCode, via: view.result?.stages?.decision?.via, reason: view.result?.reason });
  }
  return out.sort((a, b) => a.requestId.localeCompare(b.requestId));
}

/** One claim per request that reached the payer, and one review task per execution, decided once. */
async function exactlyOnce(system: SupervisedSystem): Promise<{ claims: number; tasks: number }> {
  const ledger = await getJson<{ entries: { businessKey: string; claimIds: string[]; adjudications: number; reviewTasks: number }[] }>(`${system.simulatorUrl}/__admin/ledger`);
  const claimEntries = ledger.entries.filter((e) => e.claimIds.length > 0);
  for (const e of claimEntries) expect({ key: e.businessKey, claims: e.claimIds.length, adjudications: e.adjudications }).toEqual({ key: e.businessKey, claims: 1, adjudications: 1 });
  for (const e of ledger.entries.filter((x) => x.reviewTasks > 0)) expect({ key: e.businessKey, reviewTasks: e.reviewTasks }).toEqual({ key: e.businessKey, reviewTasks: 1 });
  // A delivery whose answer was lost to a kill is retried on the review system's backoff and
  // then counts as delivered; the execution may have ended before that retry is due.
  const tasks = await until('every review decision to count as delivered', async () => {
    const { tasks: all } = await getJson<{ tasks: ReviewTask[] }>(`${system.simulatorUrl}/review/tasks`);
    return all.every((t) => t.status !== 'decided') ? all : undefined;
  }, 120_000);
  expect(new Set(tasks.map((t) => t.executionId)).size).toBe(tasks.length);
  for (const t of tasks) {
    expect(t.decision).toBeDefined();
    expect(t.status).toBe('delivered');
  }
  return { claims: claimEntries.length, tasks: tasks.length };
}

afterAll(async () => {
  await Promise.all(systems.map((s) => s.stop()));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('kill -9 and compare (npm start supervisor, real processes)', () => {
  it('every request ends as it does untouched, with one claim each and review tasks decided once', async () => {
    const [calmPolling, calmWebhooks, killedPolling, killedWebhooks] = await Promise.all([
      startSystem('calm-polling', false), startSystem('calm-webhooks', true), startSystem('killed-polling', false), startSystem('killed-webhooks', true),
    ]);
    await Promise.all([calmPolling, calmWebhooks, killedPolling, killedWebhooks].map(startAll));
    const kills = await Promise.all([killRepeatedly(killedPolling, 'kill/polling'), killRepeatedly(killedWebhooks, 'kill/webhooks')]);

    const [a, b, c, d] = await Promise.all([calmPolling, calmWebhooks, killedPolling, killedWebhooks].map(outcomes));
    const untouched = [...a!, ...b!];
    const killed = [...c!, ...d!];
    // The same decision, reason and review action. How the orchestrator heard of a pended
    // decision may differ: a claim decided while the payer was down, before the orchestrator
    // could subscribe, is never notified, and the orchestrator reads it with $inquire instead.
    const decision = ({ requestId, outcome, reviewActionCode, reason }: Outcome) => ({ requestId, outcome, reviewActionCode, reason });
    expect(killed.map(decision)).toEqual(untouched.map(decision));
    killed.forEach((k, i) => {
      if (k.via !== untouched[i]!.via) expect({ requestId: k.requestId, untouched: untouched[i]!.via, killed: k.via }).toEqual({ requestId: k.requestId, untouched: 'notification', killed: 'polling' });
    });
    // the set covers what it claims to: approvals, denials, pends decided later, and both ways of hearing of them
    expect([...new Set(untouched.map((o) => o.outcome))]).toEqual(expect.arrayContaining(['APPROVED', 'DENIED']));
    expect([...new Set(untouched.map((o) => o.via))]).toEqual(expect.arrayContaining(['submit', 'notification', 'polling']));
    expect(untouched.filter((o) => o.outcome === 'MANUAL_REVIEW')).toEqual([]);

    expect(untouched.length).toBeGreaterThanOrEqual(20);
    expect(b!.every((o) => o.via !== 'submit')).toBe(true); // the webhook half is all pended claims
    for (const s of [calmPolling, calmWebhooks, killedPolling, killedWebhooks]) {
      const n = sent.get(s)!.length;
      expect(await exactlyOnce(s)).toEqual({ claims: n, tasks: n });
    }
    const restarts = await Promise.all([killedPolling, killedWebhooks].map(async (s) => (await getJson<{ processes: { restarts: number }[] }>(`${s.consoleUrl}/supervisor/processes`)).processes.map((p) => p.restarts)));
    expect(restarts).toEqual([[KILLS_PER_PROCESS, KILLS_PER_PROCESS], [KILLS_PER_PROCESS, KILLS_PER_PROCESS]]);
    const heardOtherwise = killed.filter((k, i) => k.via !== untouched[i]!.via).length;
    process.stdout.write(`kill-and-compare: ${untouched.length} requests per run, ${kills[0]! + kills[1]!} kills, outcomes equal (${heardOtherwise} pended decisions read by $inquire instead of a notification)\n`);
  }, 900_000);
});

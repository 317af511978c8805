/**
 * The whole demo in a real browser (Debian's chromium driven by playwright-core): start a
 * request → approve it in the review inbox → the payer pends → decide it on the payer desk →
 * APPROVED on the timeline; arm a 503 burst → the faults appear on the timeline and the
 * execution still ends APPROVED; press crash → the orchestrator process is SIGKILLed and
 * restarted, the execution resumes and ends with one claim. No console errors; a screenshot
 * of each view (into $CONSOLE_SCREENSHOTS, e.g. docs/images, else a temporary directory).
 *
 * Processes as `npm start` will run them: the simulator here, the orchestrator as a child
 * process on a file database, and a small stand-in for the supervisor (the same two routes,
 * GET /supervisor/processes and POST /supervisor/processes/orchestrator/kill, really killing
 * with SIGKILL and restarting the child on its port) with the console mounted on it by the
 * one line the real supervisor uses. Real processes on a dilated clock: the test waits for
 * what the page shows, never for a fixed time.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawnTsxChild } from '../support/spawn-tsx-child.js';
import { createExpressApp } from '../../src/adapters/express.js';
import { DEFAULT_EPOCH, DilatedClock } from '../../src/core/clock.js';
import { createSimulator, type Simulator } from '../../src/simulator.js';
import { createConsoleRouter } from '../../src/console/console-router.js';
import { freePort } from '../support/free-port.js';

const CHROMIUM = '/usr/bin/chromium';
const CHILD = fileURLToPath(new URL('../e2e/orchestrator-child.fixture.ts', import.meta.url));
/** Two simulated minutes per real second: polls (30 s → 5 min) come within 2.5 s, a 7-day review timeout never. */
const FACTOR = 120;
const SHOTS = process.env.CONSOLE_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'console-shots-'));
const WAIT = { timeout: 60_000 };

const listen = (app: express.Express) => new Promise<Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});


/** The supervisor's contract, just enough of it: the orchestrator child, its pid and restarts; kill = SIGKILL, then a restart on the same port. */
function createFakeSupervisor(spawnOrchestrator: () => Promise<{ child: ChildProcess; pid: number }>) {
  let current: { child: ChildProcess; pid: number } | undefined;
  let restarts = 0;
  const app = express();
  app.get('/supervisor/processes', (_req, res) => {
    res.json({ processes: [{ name: 'orchestrator', pid: current?.pid ?? null, running: !!current, restarts }] });
  });
  app.post('/supervisor/processes/orchestrator/kill', async (_req, res) => {
    const victim = current;
    if (!victim) return void res.status(409).json({ title: 'not running' });
    current = undefined;
    const exited = new Promise((resolve) => victim.child.once('exit', resolve));
    victim.child.kill('SIGKILL');
    await exited;
    res.status(202).json({ killed: victim.pid, signal: victim.child.signalCode });
    current = await spawnOrchestrator();
    restarts += 1;
  });
  return {
    app,
    async start() {
      current = await spawnOrchestrator();
    },
    get child() {
      return current?.child;
    },
  };
}

let dir: string;
let sim: Simulator;
let simServer: Server;
let supServer: Server;
let browser: Browser;
let page: Page;
let consoleUrl: string;
const spawned: ChildProcess[] = [];
const problems: string[] = [];

const haveChromium = existsSync(CHROMIUM);
const suite = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`test/browser skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'console-browser-'));
  const realStart = Date.now();
  const clock = new DilatedClock(FACTOR, DEFAULT_EPOCH);
  sim = createSimulator({
    config: { seed: 7, payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 30 * 86_400, finalDecision: 'A1' } } }, review: { behaviour: 'manual' } },
    clock,
  });
  simServer = await listen(createExpressApp(sim));
  const simulatorUrl = `http://127.0.0.1:${(simServer.address() as AddressInfo).port}`;
  const port = await freePort();
  const db = join(dir, 'runtime.sqlite');
  const supervisor = createFakeSupervisor(async () => {
    const argv = [db, simulatorUrl, String(port), String(FACTOR), String(DEFAULT_EPOCH), String(realStart)];
    const { child, hello } = await spawnTsxChild<{ pid: number }>(CHILD, argv, { stdin: 'pipe' });
    spawned.push(child);
    return { child, pid: hello.pid };
  });
  await supervisor.start();
  supServer = await listen(supervisor.app);
  const supervisorUrl = `http://127.0.0.1:${(supServer.address() as AddressInfo).port}`;
  // the one line the supervisor needs to serve the console
  supervisor.app.use(createConsoleRouter({ simulatorUrl, orchestratorUrl: `http://127.0.0.1:${port}`, supervisorUrl }));
  consoleUrl = `${supervisorUrl}/`;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of [supServer, simServer]) {
    if (!s) continue;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `console-${name}.png`) });

/** Executions view → start a request for the persona; returns the new execution id. */
async function startRequest(persona: string): Promise<string> {
  await page.goto(`${consoleUrl}#/`);
  await page.selectOption('select[name=persona]', persona);
  await page.getByRole('button', { name: 'Start request' }).click();
  const link = page.locator('form.start a[href^="#/executions/"]');
  await link.waitFor(WAIT);
  return (await link.textContent())!.trim();
}

/** Review inbox → open the execution's task, wait for its cited evidence, approve. */
async function approveInInbox(executionId: string, screenshot?: string): Promise<void> {
  await page.getByRole('link', { name: /Review inbox/ }).click();
  const taskButton = page.locator('button[data-task]', { hasText: 'pat-lumbar-meets' });
  const panel = page.locator('article.task', { hasText: executionId });
  await taskButton.first().waitFor(WAIT);
  for (const b of await taskButton.all()) {
    if (await panel.count()) break;
    await b.click();
  }
  await panel.waitFor(WAIT);
  await panel.locator('ul.evidence li').first().waitFor(WAIT);
  await page.waitForFunction(() => !Array.from(document.querySelectorAll("ul.evidence li")).some((li) => li.textContent?.endsWith('…')), undefined, WAIT);
  if (screenshot) await shot(screenshot);
  await panel.getByRole('button', { name: 'Approve' }).click();
  await panel.getByText('Decided: approved').waitFor(WAIT);
}

/** Payer desk → the one pended claim → decide now as A1. */
async function decideOnPayerDesk(screenshot?: string): Promise<void> {
  await page.getByRole('link', { name: 'Payer desk' }).click();
  const pended = page.locator('form.decide-now');
  await pended.first().waitFor(WAIT);
  expect(await pended.count()).toBe(1);
  if (screenshot) await shot(screenshot);
  await pended.locator('select[name=decision]').selectOption('A1');
  await pended.getByRole('button', { name: 'Decide now' }).click();
  await pended.first().waitFor({ state: 'detached', ...WAIT });
}

/** Execution detail → wait for the outcome; returns the summary line. */
async function outcomeOnTimeline(executionId: string, outcome: string): Promise<void> {
  await page.goto(`${consoleUrl}#/executions/${encodeURIComponent(executionId)}`);
  await page.locator('p.summary .badge', { hasText: outcome }).waitFor(WAIT).catch(async (err) => {
    console.log('DEBUG', await page.locator('main').textContent(), JSON.stringify(await (await fetch(`${consoleUrl}console/api/executions/${executionId}`)).json()).slice(0, 3000));
    throw err;
  });
  await page.locator('[data-testid=timeline] a.tl-mark[data-kind=end]').waitFor(WAIT);
}

suite('the web console in Chromium', () => {
  it('start → approve in the inbox → payer pends → decide on the payer desk → APPROVED on the timeline', async () => {
    await page.goto(consoleUrl);
    await expect(page.getByTestId('persona-story').textContent()).resolves.toContain('8 weeks of physical therapy');
    const id = await startRequest('pat-lumbar-meets');
    await page.locator(`tr[data-execution="${id}"]`).waitFor(WAIT);
    await shot('executions');

    await approveInInbox(id, 'inbox');
    await decideOnPayerDesk('payer-desk');

    await outcomeOnTimeline(id, 'APPROVED');
    const lanes = await page.locator('[data-testid=timeline] a.tl-mark').evaluateAll((marks) => [...new Set(marks.map((m) => m.getAttribute('data-lane')))]);
    expect(lanes).toEqual(expect.arrayContaining(['orchestrator', 'ehr', 'payer', 'review']));
    // a poll on the payer lane, opened by keyboard: its request shows beside the timeline
    const poll = page.locator('[data-testid=timeline] a.tl-mark[data-lane=payer]').last();
    await poll.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('event-detail').textContent()).resolves.toContain('$inquire');
    await shot('timeline');
  }, 180_000);

  it('a 503 burst armed on $inquire shows on the timeline and the execution still ends APPROVED', async () => {
    await page.goto(`${consoleUrl}#/chaos`);
    await page.selectOption('select[name=fault-system]', 'payer');
    await page.selectOption('select[name=fault-route]', { label: 'Claim/$inquire (polls)' });
    await page.selectOption('select[name=fault-kind]', '503-burst');
    await page.getByRole('button', { name: 'Arm' }).click();
    await page.locator('table[aria-label="armed faults"] tbody tr').waitFor(WAIT);
    await shot('chaos');

    const id = await startRequest('pat-lumbar-meets');
    await approveInInbox(id);
    await decideOnPayerDesk();
    await outcomeOnTimeline(id, 'APPROVED');
    const faults = page.locator('[data-testid=timeline] a.tl-mark[data-kind=fault][data-lane=payer]');
    expect(await faults.count()).toBe(3);
    await faults.first().click();
    await expect(page.getByTestId('event-detail').textContent()).resolves.toMatch(/http-status[\s\S]*503/);
    await shot('timeline-faults');

    await page.goto(`${consoleUrl}#/chaos`);
    await page.locator('table[aria-label="armed faults"] td', { hasText: /^3$/ }).first().waitFor(WAIT);
    await page.getByRole('button', { name: 'Disarm all' }).click();
    await page.getByText('No fault rule armed.').waitFor(WAIT);
  }, 180_000);

  it('crash: the orchestrator process is killed and restarted, the execution resumes and ends with one claim', async () => {
    const id = await startRequest('pat-lumbar-meets');
    // wait until the execution is suspended on the physician (its task exists)
    await page.getByRole('link', { name: /Review inbox/ }).click();
    await page.locator('article.task', { hasText: id }).waitFor(WAIT);

    await page.getByRole('link', { name: 'Chaos controls' }).click();
    const crash = page.getByRole('button', { name: 'Crash the orchestrator now' });
    await expect(crash.isEnabled()).resolves.toBe(true);
    await crash.click();
    await page.getByText('"killed"').waitFor(WAIT);
    await page.locator('.health.up', { hasText: 'orchestrator' }).waitFor(WAIT);
    await page.waitForFunction(() => /"restarts": 1/.test(document.querySelector('details pre')?.textContent ?? ''), undefined, WAIT);

    await approveInInbox(id);
    await decideOnPayerDesk();
    await outcomeOnTimeline(id, 'APPROVED');
    await expect(page.getByTestId('crash-count').textContent()).resolves.toBe('1');
    await page.locator('[data-testid=timeline] a.tl-mark[data-kind=crash]').first().click();
    await expect(page.getByTestId('event-detail').textContent()).resolves.toContain('recovered');
    await shot('timeline-crash');

    // the ledger: one claim per execution, three executions, whatever was retried or restarted
    await page.getByRole('link', { name: 'Payer desk' }).click();
    const rows = page.locator('table[aria-label=ledger] tbody tr');
    await rows.first().waitFor(WAIT);
    const claimsPerKey = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1]?.textContent));
    // review tasks have ledger rows of their own (keyed by execution, no claim)
    expect(claimsPerKey.filter((c) => c !== '0')).toEqual(['1', '1', '1']);
    await expect(page.getByText(/^Totals: 3 claims, 3 adjudications/).count()).resolves.toBe(1);
    await shot('ledger');
  }, 180_000);

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});

suite('the console without a supervisor', () => {
  it('shows the crash button disabled and says why', async () => {
    const app = express();
    const server = await listen(app);
    try {
      app.use(createConsoleRouter({ simulatorUrl: `http://127.0.0.1:${(simServer.address() as AddressInfo).port}`, orchestratorUrl: 'http://127.0.0.1:9' }));
      const p = await browser.newPage();
      await p.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/#/chaos`);
      const crash = p.getByRole('button', { name: 'Crash the orchestrator now' });
      await crash.waitFor(WAIT);
      await expect(crash.isDisabled()).resolves.toBe(true);
      await expect(p.locator('#crash-why').textContent()).resolves.toContain('No supervisor runs here');
      await expect(p.locator('.tooltip-host').getAttribute('title')).resolves.toContain('kills the orchestrator process (SIGKILL)');
      await p.close();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});

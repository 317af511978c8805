/**
 * The whole demo in a real browser (Debian's chromium driven by playwright-core), against the
 * system `npm start` runs: `startSupervised` — the supervisor with the console on its port, the
 * simulator and the orchestrator as child processes on their data files. Start a request →
 * approve it in the review inbox → the payer pends → decide it on the payer desk → APPROVED on
 * the timeline; arm a 503 burst → the faults appear on the timeline and the execution still
 * ends APPROVED; press crash → the supervisor SIGKILLs the orchestrator child and restarts it,
 * the execution resumes and ends with one claim (the clock controls' effect on both processes is
 * test/e2e/supervised-clock.test.ts). No console errors; a screenshot of each view (into $CONSOLE_SCREENSHOTS, e.g. docs/images, else
 * a temporary directory). Real processes on a dilated clock: the test waits for what the page
 * shows, never for a fixed time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createConsoleRouter } from '../../src/console/console-router.js';
import { startSupervised, type SupervisedSystem } from '../../src/process/demo-supervisor.js';
import { freePort } from '../support/free-port.js';

const CHROMIUM = '/usr/bin/chromium';
/** Two simulated minutes per real second: polls (30 s → 5 min) come within 2.5 s, a 7-day review timeout never. */
const FACTOR = 120;
const SHOTS = process.env.CONSOLE_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'console-shots-'));
const WAIT = { timeout: 60_000 };

const listen = (app: express.Express) => new Promise<Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});

let dir: string;
let system: SupervisedSystem;
let browser: Browser;
let page: Page;
let consoleUrl: string;
const logs: string[] = [];
const problems: string[] = [];

const haveChromium = existsSync(CHROMIUM);
const suite = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`test/browser skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'console-browser-'));
  // the children start through tsx: compile their modules once, so the crash below measures a restart, not a cold compile
  const services = ['simulator-service.ts', 'orchestrator-service.ts'].map((f) => fileURLToPath(new URL(`../../src/process/${f}`, import.meta.url)));
  const warm = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', services.map((f) => `await import(${JSON.stringify(`file://${f}`)});`).join(' ')], { encoding: 'utf8', timeout: 120_000 });
  if (warm.status !== 0) throw new Error(`warming the child modules failed: ${warm.stderr}`);
  system = await startSupervised({
    host: '127.0.0.1', consolePort: 0, simulatorPort: await freePort(), orchestratorPort: await freePort(),
    seed: 7, factor: FACTOR, dataDir: dir,
    config: { payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 30 * 86_400, finalDecision: 'A1' } } }, review: { behaviour: 'approve', delaySeconds: 3600 } },
    // you are the physician: the simulated one (approve after an hour) never answers
    manualReview: true,
    log: (line) => logs.push(line),
    onFatal: (message) => logs.push(`FATAL ${message}`),
  });
  consoleUrl = `${system.consoleUrl}/`;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  // the processes' own output, for a failure's post-mortem
  if (haveChromium) writeFileSync(join(SHOTS, 'supervisor.log'), `${logs.join('\n')}\n`);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

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
  await pended.first().waitFor(WAIT).catch(async (err) => {
    const read = async (url: string) => JSON.stringify(await (await fetch(url)).json()).slice(0, 3000);
    console.log('DEBUG payer desk', await read(`${system.orchestratorUrl}/executions`), await read(`${system.simulatorUrl}/__admin/review/tasks`), await read(`${system.simulatorUrl}/__admin/claims`));
    throw err;
  });
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
    // npm start's first line names the console's address
    expect(logs[0]).toContain(`console       ${system.consoleUrl}`);
    await page.goto(consoleUrl);
    await expect(page.getByTestId('persona-story').textContent()).resolves.toContain('8 weeks of physical therapy');
    const id = await startRequest('pat-lumbar-meets');
    await page.locator(`tr[data-execution="${id}"]`).waitFor(WAIT);
    await shot('executions');

    await approveInInbox(id, 'inbox');
    await decideOnPayerDesk('payer-desk');

    await outcomeOnTimeline(id, 'APPROVED');
    const lanes = await page.locator('[data-testid=timeline] a.tl-mark').evaluateAll((marks) => [...new Set(marks.map((m) => m.getAttribute('data-lane')))]);
    expect(lanes).toEqual(expect.arrayContaining(['orchestrator', 'ehr', 'payer', 'review', 'model']));
    // the four agents' model calls: their own lane, and tokens and cost summed per agent
    expect(Number(await page.getByTestId('model-calls').textContent())).toBeGreaterThanOrEqual(4);
    await expect(page.getByTestId('model-cost').textContent()).resolves.toMatch(/^\$\d/);
    await expect(page.getByTestId('model-usage').locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(4);
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
    // restarted and listening again (the count goes up as the old process exits; a decision sent before the new one listens
    // would exhaust the review system's delivery retries, which run on the fast simulated clock)
    await page.waitForFunction(() => {
      const { processes } = JSON.parse(document.querySelector('details pre')?.textContent ?? '{"processes":[]}') as { processes: Array<{ name: string; status: string; restarts: number }> };
      return processes.some((p) => p.name === 'orchestrator' && p.status === 'running' && p.restarts === 1);
    }, undefined, WAIT);

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

suite('the console of prior-auth-sim serve (the simulator alone)', () => {
  it('says the orchestrator is not connected, and shows the crash button disabled with the reason', async () => {
    const { startSimulatorService } = await import('../../src/process/simulator-service.js');
    const service = await startSimulatorService({ host: '127.0.0.1', port: 0, clock: { kind: 'real' }, config: { seed: 3 }, console: true });
    try {
      const p = await browser.newPage();
      await p.goto(`${service.url}/#/executions/ex-1`);
      await expect(p.getByTestId('no-orchestrator').textContent()).resolves.toContain('The orchestrator is not connected');
      await expect(p.locator('.health.off', { hasText: 'orchestrator' }).textContent()).resolves.toContain('not connected');
      await p.goto(`${service.url}/#/chaos`);
      const crash = p.getByRole('button', { name: 'Crash the orchestrator now' });
      await p.getByRole('button', { name: 'Arm' }).waitFor(WAIT);
      // the crash control needs an orchestrator: not offered at all
      expect(await crash.count()).toBe(0);
      await p.close();
    } finally {
      await service.close();
    }
  }, 60_000);

  it('shows the crash button disabled and says why when no supervisor runs', async () => {
    const app = express();
    const server = await listen(app);
    try {
      app.use(createConsoleRouter({ simulatorUrl: system.simulatorUrl, orchestratorUrl: 'http://127.0.0.1:9' }));
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

/**
 * The console's page weight and time to first render in Chromium (Debian's, via
 * playwright-core): starts `npm start`'s processes on free ports with a temporary database,
 * loads the console cold (a fresh browser context each time) five times and prints the bytes
 * transferred, the first contentful paint and the time until the executions view shows data
 * pushed over its event stream. Run: `npx tsx bench/console-page.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startSupervised } from '../src/process/demo-supervisor.js';
import { startDemoRequest } from '../src/process/demo-request.js';
import { createServer, type AddressInfo } from 'node:net';

const RUNS = 5;
/** A port free right now, for a child process the supervisor must tell it to (nothing imports from test/). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
const dir = mkdtempSync(join(tmpdir(), 'console-page-'));
const demo = await startSupervised({ host: '127.0.0.1', consolePort: 0, simulatorPort: await freePort(), orchestratorPort: await freePort(), seed: 42, factor: 3600, dataDir: dir, log: () => undefined });
const request = await startDemoRequest({ simulatorUrl: demo.simulatorUrl, orchestratorUrl: demo.orchestratorUrl, log: () => undefined });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const rows: Array<{ bytes: number; decoded: number; requests: number; fcp: number; ready: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.consoleUrl}/`);
    await page.locator('table[aria-label=executions] tbody tr').first().waitFor({ timeout: 30_000 });
    rows.push(await page.evaluate(() => {
      const ready = performance.now();
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      // the event stream never ends: count what the page loaded, not the open stream
      const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => !r.name.endsWith('/console/api/events'));
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
      return {
        bytes: nav.transferSize + res.reduce((n, r) => n + r.transferSize, 0),
        decoded: nav.decodedBodySize + res.reduce((n, r) => n + r.decodedBodySize, 0),
        requests: 1 + res.length,
        fcp,
        ready,
      };
    }));
    await context.close();
  }
  const first = rows[0]!;
  console.log(`console page: ${first.requests} requests, ${(first.bytes / 1024).toFixed(1)} KiB transferred (${(first.decoded / 1024).toFixed(1)} KiB decoded, uncompressed), not counting the event stream`);
  console.log(`first contentful paint: median ${median(rows.map((r) => r.fcp)).toFixed(0)} ms; executions view with live data: median ${median(rows.map((r) => r.ready)).toFixed(0)} ms (${RUNS} cold loads, Chromium headless, 127.0.0.1)`);
} finally {
  await browser.close();
  request.stop();
  await demo.stop();
  rmSync(dir, { recursive: true, force: true });
}

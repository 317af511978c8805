import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveScenario } from '../core/scenarios/bundled-scenarios.js';
import { runScenario } from './scenario-run.js';
import { writeRunReport } from './run-report.js';

describe('run --report', () => {
  it('writes the run as a self-contained page with the swimlane timeline of every event', async () => {
    const r = await runScenario(resolveScenario('rate-limited'));
    const dir = mkdtempSync(join(tmpdir(), 'run-report-'));
    try {
      const file = join(dir, 'nested', 'run.html');
      writeRunReport(file, r);
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('<h1>Scenario run: rate-limited</h1>');
      expect(html).toContain(`got <b>${r.outcome}</b>`);
      const marks = [...html.matchAll(/<a class="tl-mark" data-i="\d+" data-kind="(\w+)" data-lane="(\w+)"/g)];
      expect(marks).toHaveLength(r.events.length);
      // the scenario's 429s are injected faults on the payer lane, each linked to its event row
      expect(marks.filter((m) => m[1] === 'fault' && m[2] === 'payer').length).toBe(r.events.filter((e) => e.faults?.length).length);
      expect(r.events.some((e) => e.faults?.length)).toBe(true);
      expect(html).toContain(`<tr id="ev-${r.events.length - 1}"`);
      expect(html).not.toMatch(/<script|src=/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

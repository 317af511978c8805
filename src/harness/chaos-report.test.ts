import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatRelative, renderReportHtml, writeChaosReport, type ChaosReport } from './chaos-report.js';

const T0 = Date.parse('2026-01-05T10:00:00.000Z');

const report = (): ChaosReport => ({
  seed: 42,
  scenario: 'response-lost/after <commit>',
  repro: 'prior-auth-sim chaos --scenario response-lost-after-commit --seed 42 --runs 1',
  crash: { point: 'after-checkpoint-persist', occurrence: 2 },
  plantedBug: 'no-idempotency-key',
  faultSchedule: [{ id: 'f1', kind: 'response-lost-after-commit', path: '/payer/fhir/Claim/$submit' }],
  shrunk: { faultSchedule: [{ id: 'f1' }], repro: 'prior-auth-sim chaos --seed 42 --faults f1', attempts: 7 },
  expected: { outcome: 'APPROVED', claims: 1 },
  outcome: 'APPROVED',
  status: 'SUCCEEDED',
  violations: [{ invariant: '1 one adjudication per request', detail: 'ledger holds 2 claims for 1 request' }],
  timeline: [
    { at: T0, source: 'harness', label: 'run start' },
    { at: T0 + 90_000, source: 'simulator', label: 'payer POST /payer/fhir/Claim/$submit → 200', faults: ['response-lost-after-commit'] },
    { at: T0 + 90_061_000, source: 'runtime', label: '<script>alert(1)</script>', highlight: true },
  ],
});

describe('formatRelative', () => {
  it.each([
    [0, '+00:00:00'],
    [90_000, '+00:01:30'],
    [3_599_999, '+00:59:59'],
    [90_061_000, '+1d 01:01:01'],
    [-5_000, '-00:00:05'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatRelative(ms)).toBe(text);
  });
});

describe('renderReportHtml', () => {
  const html = renderReportHtml(report());

  it('escapes every interpolated string', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('response-lost/after &lt;commit&gt;');
  });

  it('shows the violations, the repro commands and the schedules', () => {
    expect(html).toContain('1 one adjudication per request');
    expect(html).toContain('ledger holds 2 claims for 1 request');
    expect(html).toContain('<code>prior-auth-sim chaos --scenario response-lost-after-commit --seed 42 --runs 1</code>');
    expect(html).toContain('<code>prior-auth-sim chaos --seed 42 --faults f1</code>');
    expect(html).toContain('&quot;kind&quot;: &quot;response-lost-after-commit&quot;');
    expect(html).toContain('after-checkpoint-persist');
  });

  it('draws the timeline with relative times, fault badges and highlighted rows', () => {
    expect(html).toContain('+00:00:00');
    expect(html).toContain('+00:01:30');
    expect(html).toContain('+1d 01:01:01');
    expect(html).toContain('<span class="badge">response-lost-after-commit</span>');
    expect(html).toContain('<tr id="ev-2" class="runtime highlight">');
  });

  it('draws the swimlane timeline, each mark linked to its event row', () => {
    expect(html).toContain('<svg');
    expect(html).toMatch(/<a class="tl-mark" data-i="1" data-kind="fault" data-lane="payer" href="#ev-1"/);
    expect(html).toContain('<tr id="ev-1" class="simulator">');
  });

  it('lists the fault schedule as a table with the JSON folded', () => {
    expect(html).toMatch(/<td><b>response-lost-after-commit<\/b>/);
    expect(html).toContain('<summary>as JSON</summary>');
  });

  it('is self-contained: no scripts, no external assets, links only within the page', () => {
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html.match(/href="[^"]*"/g)?.every((h) => h.startsWith('href="#')) ?? true).toBe(true);
  });

  it('renders a report without optional parts', () => {
    const bare = renderReportHtml({ ...report(), crash: undefined, plantedBug: undefined, shrunk: undefined, outcome: undefined, violations: [], timeline: [] });
    expect(bare).toContain('No invariant violated.');
    expect(bare).not.toContain('Shrunk schedule');
  });
});

describe('writeChaosReport', () => {
  it('writes the JSON and HTML files under a safe name', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-report-')), 'nested');
    const files = writeChaosReport(dir, report());

    expect(files).toEqual({
      json: path.join(dir, 'chaos-response-lost-after--commit--seed42.json'),
      html: path.join(dir, 'chaos-response-lost-after--commit--seed42.html'),
    });
    expect(JSON.parse(fs.readFileSync(files.json, 'utf8'))).toEqual(report());
    expect(fs.readFileSync(files.html, 'utf8')).toBe(renderReportHtml(report()));
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});

/**
 * `prior-auth-sim run <scenario> --report FILE`: one scenario run as a self-contained HTML page
 * — expected against actual outcome, broken invariants, then the swimlane timeline the console
 * and the chaos reports draw, each mark linked to its event and detail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPORT_CSS, timelineSection } from './chaos-report.js';
import type { ScenarioRunReport } from './scenario-run.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The page (inline CSS, no scripts, no external assets). */
export function renderRunReportHtml(r: ScenarioRunReport): string {
  const got = r.outcome ?? r.status;
  const ok = r.violations.length === 0;
  const violations = ok
    ? '<p class="ok">Every invariant held.</p>'
    : `<div class="violations"><h2>Violations</h2><ul>${r.violations.map((v) => `<li><b>${esc(v.invariant)}</b>: ${esc(v.detail)}</li>`).join('')}</ul></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>run ${esc(r.scenario.name)}</title>
<style>${REPORT_CSS}</style></head>
<body>
<h1>Scenario run: ${esc(r.scenario.name)}</h1>
<p>${esc(r.scenario.description)}</p>
<p class="${ok ? 'ok' : 'bad'}">expected <b>${esc(r.scenario.expected.outcome)}</b>, got <b>${esc(got)}</b>${r.authorizationNumber ? `, authorization <code>${esc(r.authorizationNumber)}</code>` : ''}${r.reason ? ` (${esc(r.reason)})` : ''}; ${esc(r.simulatedHours.toFixed(1))} h simulated</p>
${violations}
${timelineSection(r.events)}
</body></html>
`;
}

/** Writes the page to `file` (creating its directory). */
export function writeRunReport(file: string, r: ScenarioRunReport): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, renderRunReportHtml(r));
}

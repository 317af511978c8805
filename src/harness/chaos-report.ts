/**
 * The report the chaos harness writes when a run breaks an invariant: the run as JSON (for
 * tools) and as one self-contained HTML page (for people) — the violations and the repro
 * command first, then the fault schedule, then the swimlane timeline of simulator, runtime and
 * harness events on the virtual clock (the console's component), each mark linked to its row
 * in the event list below it, where the request or checkpoint it stands for unfolds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderTimelineSvg, TIMELINE_CSS, TIMELINE_LEGEND } from '../console/timeline-svg.js';

export interface TimelineEvent {
  /** Virtual-clock epoch ms. */
  at: number;
  source: 'simulator' | 'runtime' | 'harness';
  /** One line, e.g. "payer POST /payer/fhir/Claim/$submit → 200" or "step submit SUCCEEDED" or "crash at after-checkpoint-persist". */
  label: string;
  /** Fault kinds injected on this request, if any. */
  faults?: string[];
  /** true for crash / violation markers, drawn prominently. */
  highlight?: boolean;
  /** The timeline lane: the simulator system (`ehr`, `payer`, `review`, …) or `orchestrator`. */
  lane?: string;
  /** What the mark stands for, e.g. the journal entry or the runtime history event (shown when clicked). */
  detail?: Record<string, unknown>;
}

export interface ChaosReport {
  seed: number;
  scenario: string;
  /** The one command that reproduces the run. */
  repro: string;
  crash?: { point: string; occurrence: number };
  plantedBug?: string;
  /** The fault rules armed for the run (opaque JSON objects, each with an `id`). */
  faultSchedule: Array<Record<string, unknown>>;
  /** How the seed varied the scenario's parameters (review delay, notification behaviour). */
  variation?: Record<string, unknown>;
  /** The minimal schedule that still breaks the same invariant(s), and its repro command, when shrinking ran. */
  shrunk?: { faultSchedule: Array<Record<string, unknown>>; crash?: { point: string; occurrence: number }; repro: string; attempts: number };
  expected: { outcome: string; claims?: number; reasonContains?: string };
  outcome?: string;
  status: string;
  violations: Array<{ invariant: string; detail: string }>;
  timeline: TimelineEvent[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Time since the run's first event, e.g. `+00:01:30`, or `+1d 01:01:01` beyond a day.
 * @example formatRelative(90_061_000) // '+1d 01:01:01'
 */
export function formatRelative(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor(total / 3600) % 24)}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
  return days > 0 ? `${sign}${days}d ${clock}` : `${sign}${clock}`;
}

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; margin-bottom: .2em; }
.ok { color: #1a7f37; } .bad { color: #cf222e; }
.violations { border: 2px solid #cf222e; background: #ffebe9; padding: .5em 1em; border-radius: 6px; }
.violations li { margin: .3em 0; }
code, pre { font: 12px/1.4 ui-monospace, monospace; background: #f6f8fa; border-radius: 4px; }
code { padding: .1em .3em; } pre { padding: .8em; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: .2em .6em; border-bottom: 1px solid #eee; vertical-align: top; }
td.time { font-family: ui-monospace, monospace; white-space: nowrap; }
tr.simulator td.source { color: #0969da; } tr.runtime td.source { color: #8250df; } tr.harness td.source { color: #9a6700; }
tr.highlight { background: #ffebe9; font-weight: bold; }
tr:target { outline: 2px solid #0969da; background: #ddf4ff; }
details > summary { cursor: pointer; color: #0969da; }
.badge { display: inline-block; margin-left: .4em; padding: 0 .5em; border-radius: 1em; background: #fff1e5; color: #bc4c00; font-size: 11px; }
`;

const json = (value: unknown): string => `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;
const folded = (what: string, value: unknown): string => `<details><summary>${esc(what)}</summary>${json(value)}</details>`;

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Fault rules as a table (system, route, method, schedule, fault), the exact JSON folded below. */
function faultTable(rules: Array<Record<string, unknown>>): string {
  if (rules.length === 0) return '<p>No fault rules.</p>';
  const rows = rules.map((r) => {
    const match = (r.match ?? {}) as Record<string, unknown>;
    const fault = (r.fault ?? {}) as Record<string, unknown>;
    const { kind, ...params } = fault;
    return `<tr><td><code>${esc(show(r.id))}</code></td><td>${esc(show(match.system ?? 'any'))}</td><td>${esc(show(match.method ?? ''))} ${esc(show(match.route ?? r.path ?? '*'))}</td>`
      + `<td>${esc(show(r.schedule))}</td><td><b>${esc(show(kind ?? r.kind))}</b> ${esc(Object.keys(params).length ? show(params) : '')}</td></tr>`;
  }).join('\n');
  return `<table><thead><tr><th>rule</th><th>system</th><th>route</th><th>schedule</th><th>fault</th></tr></thead><tbody>\n${rows}\n</tbody></table>${folded('as JSON', rules)}`;
}
const crashText = (crash?: { point: string; occurrence: number }): string => (crash ? `crash at ${crash.point} (occurrence ${crash.occurrence})` : 'no crash');

function header(r: ChaosReport): string {
  const { expected } = r;
  const matches = r.outcome === expected.outcome && r.violations.length === 0;
  const wanted = [expected.outcome, expected.claims === undefined ? '' : `${expected.claims} claim(s)`, expected.reasonContains ? `reason contains "${expected.reasonContains}"` : '']
    .filter(Boolean).join(', ');
  return `<h1>Chaos run: ${esc(r.scenario)} — seed ${esc(r.seed)}</h1>
<p class="${matches ? 'ok' : 'bad'}">status <b>${esc(r.status)}</b>, outcome <b>${esc(r.outcome ?? 'none')}</b>; expected ${esc(wanted)}</p>
<p>${esc(crashText(r.crash))}${r.plantedBug ? `; planted bug <code>${esc(r.plantedBug)}</code>` : ''}</p>`;
}

function violations(r: ChaosReport): string {
  if (r.violations.length === 0) return '<p class="ok">No invariant violated.</p>';
  const items = r.violations.map((v) => `<li><b>${esc(v.invariant)}</b>: ${esc(v.detail)}</li>`).join('\n');
  return `<div class="violations"><h2>Violations</h2><ul>\n${items}\n</ul></div>`;
}

function schedules(r: ChaosReport): string {
  const shrunk = r.shrunk
    ? `<h2>Shrunk schedule</h2>
<p>${esc(r.shrunk.attempts)} attempt(s); ${esc(crashText(r.shrunk.crash))}. Reproduce: <code>${esc(r.shrunk.repro)}</code></p>
${faultTable(r.shrunk.faultSchedule)}`
    : '';
  return `<h2>Reproduce</h2><p><code>${esc(r.repro)}</code></p>
<h2>Fault schedule</h2>${faultTable(r.faultSchedule)}${r.variation && Object.keys(r.variation).length ? `
<h2>Scenario variation</h2>${json(r.variation)}` : ''}${shrunk}`;
}

/** The swimlane picture, then every event as a row (the picture's links land here). */
export function timelineSection(events: readonly TimelineEvent[]): string {
  const start = events[0]?.at ?? 0;
  const rows = events.map((e, i) => {
    const badges = (e.faults ?? []).map((f) => `<span class="badge">${esc(f)}</span>`).join('');
    const cls = esc(e.source) + (e.highlight ? ' highlight' : '');
    const iso = Number.isFinite(e.at) ? new Date(e.at).toISOString() : '';
    return `<tr id="ev-${i}" class="${cls}"><td class="time" title="${esc(iso)}">${esc(formatRelative(e.at - start))}</td>`
      + `<td class="source">${esc(e.lane ?? e.source)}</td><td>${esc(e.label)}${badges}${e.detail ? folded('detail', e.detail) : ''}</td></tr>`;
  }).join('\n');
  return `<h2>Timeline</h2>
${TIMELINE_LEGEND}
${renderTimelineSvg(events)}
<h2>Events</h2>
<table><thead><tr><th>time</th><th>lane</th><th>event</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** Styles of a report page: its own and the timeline's. */
export const REPORT_CSS = CSS + TIMELINE_CSS;

/** One self-contained HTML page (inline CSS, no scripts, no external assets; links only within the page) for the report. */
export function renderReportHtml(report: ChaosReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>chaos ${esc(report.scenario)} seed ${esc(report.seed)}</title>
<style>${REPORT_CSS}</style></head>
<body>
${header(report)}
${violations(report)}
${schedules(report)}
${timelineSection(report.timeline)}
</body></html>
`;
}

/**
 * Writes `<dir>/chaos-<scenario>-seed<seed>.json` and `.html` (creating dir); returns both paths.
 * @example writeChaosReport('reports', report) // { json: 'reports/chaos-happy-path-seed7.json', html: '…html' }
 */
export function writeChaosReport(dir: string, report: ChaosReport): { json: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `chaos-${report.scenario.replace(/[^A-Za-z0-9._-]/g, '-')}-seed${report.seed}`);
  const files = { json: `${base}.json`, html: `${base}.html` };
  fs.writeFileSync(files.json, JSON.stringify(report, null, 2));
  fs.writeFileSync(files.html, renderReportHtml(report));
  return files;
}

/**
 * The swimlane timeline: one lane per system (orchestrator, EHR, payer, review, model gateway
 * and any other the journal names), simulated time on the horizontal axis, every mark a link
 * to its detail. Rendered to a string of static SVG so the same component draws the console's
 * execution view (which shows the detail in a side panel) and the chaos and run reports (where
 * the link jumps to the event's row, with no script at all).
 *
 * The axis is piecewise: a step per event, widened by the logarithm of the simulated gap before
 * it, so a burst of requests within one second and a 7-day wait for a physician both stay
 * legible; every gap of a minute or more is labelled with its length, which is how poll backoff
 * (30 s, 1 min, 2 min … 5 min) reads at a glance.
 */
import type { TimelineEvent } from '../harness/chaos-report.js';

const LANE_ORDER = ['orchestrator', 'ehr', 'payer', 'review', 'model'];
const LANE_TITLES: Record<string, string> = { orchestrator: 'orchestrator', ehr: 'EHR', payer: 'payer', review: 'review', model: 'model gateway' };
const LANE_H = 44;
const LEFT = 110;
const TOP = 22;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The lane an event belongs to: its own, else the system named first in a simulator label. */
export function laneOf(e: TimelineEvent): string {
  if (e.lane) return e.lane;
  if (e.source === 'simulator') return e.label.trim().split(/\s+/)[0] ?? 'simulator';
  return 'orchestrator';
}

/** A short human duration: `45 s`, `5 min`, `2 h 30 min`, `7 d`. */
export function formatGap(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

type MarkKind = 'request' | 'fault' | 'step' | 'retry' | 'callback' | 'crash' | 'end' | 'timer' | 'other';

/** What a mark is drawn as, from the event's detail (runtime history event or journal entry). */
export function markKind(e: TimelineEvent): MarkKind {
  const d = e.detail ?? {};
  if (e.faults?.length) return 'fault';
  if (e.source === 'simulator') return 'request';
  if (e.source === 'harness' || d.kind === 'recovered') return 'crash';
  switch (d.kind) {
    case 'execution-ended': return 'end';
    case 'timer-fired': return 'timer';
    case 'callback-completed':
    case 'callback-refused': return 'callback';
    case 'checkpoint': return d.action === 'RETRY' || d.action === 'FAIL' ? 'retry' : 'step';
    default: return 'other';
  }
}

interface Span { lane: string; x1: number; x2: number; label: string; kind: 'wait' | 'backoff' }

/** Waits (callbacks, physician review) and retry backoffs, from the runtime's history events. */
function spans(events: readonly TimelineEvent[], xs: readonly number[], xEnd: number): Span[] {
  const out: Span[] = [];
  const open = new Map<string, { x: number; at: number; label: string; kind: Span['kind'] }>();
  events.forEach((e, i) => {
    const d = e.detail;
    const op = typeof d?.operationId === 'string' ? d.operationId : undefined;
    if (!op || e.source === 'simulator') return;
    const started = open.get(op);
    if (started && (d?.kind === 'timer-fired' || d?.action === 'SUCCEED' || d?.action === 'FAIL' || d?.kind === 'callback-completed')) {
      open.delete(op);
      if (xs[i]! > started.x) out.push({ lane: 'orchestrator', x1: started.x, x2: xs[i]!, label: `${started.label} ${formatGap(e.at - started.at)}`, kind: started.kind });
    }
    if (d?.kind === 'checkpoint' && d.action === 'START' && (d.type === 'CONTEXT' || d.type === 'WAIT')) open.set(op, { x: xs[i]!, at: e.at, label: `waiting: ${String(d.name ?? 'wait')}`, kind: 'wait' });
    if (d?.kind === 'checkpoint' && d.action === 'RETRY') open.set(op, { x: xs[i]!, at: e.at, label: `backoff ${String(d.name ?? '')}`, kind: 'backoff' });
  });
  for (const s of open.values()) if (xEnd > s.x) out.push({ lane: 'orchestrator', x1: s.x, x2: xEnd, label: `${s.label} …`, kind: s.kind });
  return out;
}

function markShape(kind: MarkKind, x: number, y: number): string {
  switch (kind) {
    case 'fault': return `<path d="M${x} ${y - 8}L${x + 7} ${y}L${x} ${y + 8}L${x - 7} ${y}Z" class="tl-fault"/>`;
    case 'crash': return `<path d="M${x - 7} ${y - 7}L${x + 7} ${y + 7}M${x + 7} ${y - 7}L${x - 7} ${y + 7}" class="tl-crash"/>`;
    case 'end': return `<path d="M${x - 1} ${y + 9}V${y - 9}L${x + 9} ${y - 5}L${x - 1} ${y - 1}" class="tl-end"/>`;
    case 'step': return `<rect x="${x - 4}" y="${y - 4}" width="8" height="8" class="tl-step"/>`;
    case 'retry': return `<rect x="${x - 4}" y="${y - 4}" width="8" height="8" class="tl-retry"/>`;
    case 'callback': return `<circle cx="${x}" cy="${y}" r="5" class="tl-callback"/>`;
    case 'timer': return `<circle cx="${x}" cy="${y}" r="3" class="tl-timer"/>`;
    default: return `<circle cx="${x}" cy="${y}" r="4" class="tl-request"/>`;
  }
}

/** Styles for the SVG (the console and the reports include them once). */
export const TIMELINE_CSS = `
.tl-wrap { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
.tl svg { display: block; }
.tl .lane-bg { fill: #f6f8fa; } .tl .lane-bg.odd { fill: #fff; }
.tl .lane-name { font: 12px system-ui, sans-serif; fill: #57606a; }
.tl .axis { font: 10px ui-monospace, monospace; fill: #57606a; }
.tl .gap { font: 10px system-ui, sans-serif; fill: #8c959f; }
.tl .tl-request { fill: #0969da; } .tl .tl-request.bad { fill: #bc4c00; }
.tl .tl-fault { fill: #cf222e; }
.tl .tl-step { fill: #8250df; } .tl .tl-retry { fill: #d4a72c; }
.tl .tl-callback { fill: #1a7f37; } .tl .tl-timer { fill: #8c959f; }
.tl .tl-crash { stroke: #cf222e; stroke-width: 3; fill: none; }
.tl .tl-end { stroke: #1f2328; stroke-width: 2; fill: #1a7f37; } .tl .tl-end.failed { fill: #cf222e; }
.tl .crash-line { stroke: #cf222e; stroke-dasharray: 4 3; }
.tl .span-wait { fill: #ddf4ff; stroke: #54aeff; } .tl .span-backoff { fill: #fff8c5; stroke: #d4a72c; }
.tl .span-label { font: 10px system-ui, sans-serif; fill: #24292f; }
.tl a.tl-mark { cursor: pointer; outline: none; }
.tl a.tl-mark:focus .hit, .tl a.tl-mark:hover .hit, .tl a.tl-mark.selected .hit { stroke: #1f2328; stroke-width: 2; fill: #fff0; }
.tl .hit { fill: #fff0; }
.tl-legend { font: 12px system-ui, sans-serif; color: #57606a; margin: .3em 0; }
.tl-legend span { margin-right: 1em; }
`;

export interface TimelineSvgOptions {
  /** Prefix of each mark's link target (`#<prefix><index>`). */
  readonly idPrefix?: string;
}

/**
 * The timeline as one `<div class="tl">` holding an SVG. Mark `i` is `<a class="tl-mark"
 * data-i="i" href="#ev-i">`, focusable, titled with its time and label.
 * @example renderTimelineSvg(buildTimeline(journal, history))
 */
export function renderTimelineSvg(events: readonly TimelineEvent[], options: TimelineSvgOptions = {}): string {
  const prefix = options.idPrefix ?? 'ev-';
  if (events.length === 0) return '<div class="tl tl-wrap"><p class="tl-legend" style="padding:1em">No events yet.</p></div>';
  const found = [...new Set(events.map(laneOf))];
  const lanes = [...LANE_ORDER.filter((l) => found.includes(l) || l !== 'model'), ...found.filter((l) => !LANE_ORDER.includes(l)).sort()];
  const laneY = (lane: string) => TOP + lanes.indexOf(lane) * LANE_H + LANE_H / 2;
  const xs: number[] = [];
  const gaps: string[] = [];
  let x = LEFT + 16;
  events.forEach((e, i) => {
    if (i > 0) {
      const gap = e.at - events[i - 1]!.at;
      const step = gap <= 0 ? 9 : 16 + Math.min(150, 16 * Math.log2(1 + gap / 5_000));
      if (gap >= 60_000) gaps.push(`<text class="gap" x="${(x + step / 2).toFixed(1)}" y="${TOP - 8}" text-anchor="middle">${esc(formatGap(gap))}</text>`);
      x += step;
    }
    xs.push(x);
  });
  const width = x + 40;
  const height = TOP + lanes.length * LANE_H + 26;
  const t0 = events[0]!.at;
  const bg = lanes.map((l, i) => `<rect class="lane-bg${i % 2 ? ' odd' : ''}" x="0" y="${TOP + i * LANE_H}" width="${width}" height="${LANE_H}"/><text class="lane-name" x="8" y="${TOP + i * LANE_H + LANE_H / 2 + 4}">${esc(LANE_TITLES[l] ?? l)}</text>`).join('');
  const spanSvg = spans(events, xs, x + 20).map((s) => {
    const y = laneY(s.lane) + 9;
    return `<g><rect class="span-${s.kind}" x="${s.x1}" y="${y}" width="${s.x2 - s.x1}" height="8" rx="3"/><text class="span-label" x="${s.x1 + 3}" y="${y + 19}">${s.x2 - s.x1 > 70 ? esc(s.label) : ''}</text><title>${esc(s.label)}</title></g>`;
  }).join('');
  let lastTick = -Infinity;
  const ticks: string[] = [];
  const crashLines: string[] = [];
  const marks = events.map((e, i) => {
    const kind = markKind(e);
    const lane = laneOf(e);
    const y = laneY(lane) - 4;
    const mx = xs[i]!;
    if (mx - lastTick > 80) {
      ticks.push(`<text class="axis" x="${mx}" y="${height - 8}" text-anchor="middle">${esc(formatRelativeShort(e.at - t0))}</text>`);
      lastTick = mx;
    }
    if (kind === 'crash') crashLines.push(`<line class="crash-line" x1="${mx}" x2="${mx}" y1="${TOP}" y2="${TOP + lanes.length * LANE_H}"/>`);
    const status = typeof e.detail?.status === 'number' ? e.detail.status : 0;
    const failed = kind === 'end' && e.detail?.action !== 'SUCCEEDED';
    let shape = markShape(kind, mx, y);
    if (kind === 'request' && (status >= 400 || (e.detail?.outcome !== undefined && e.detail.outcome !== 'responded'))) shape = shape.replace('class="tl-request"', 'class="tl-request bad"');
    if (failed) shape = shape.replace('class="tl-end"', 'class="tl-end failed"');
    const title = `${formatRelativeShort(e.at - t0)}  ${e.label}${e.faults?.length ? `  [fault: ${e.faults.join(', ')}]` : ''}`;
    return `<a class="tl-mark" data-i="${i}" data-kind="${kind}" data-lane="${esc(lane)}" href="#${esc(prefix)}${i}" aria-label="${esc(title)}"><title>${esc(title)}</title>${shape}<circle class="hit" cx="${mx}" cy="${y}" r="9"/></a>`;
  }).join('');
  return `<div class="tl tl-wrap"><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="timeline of ${events.length} events">${bg}${gaps.join('')}${spanSvg}${crashLines.join('')}${marks}${ticks.join('')}</svg></div>`;
}

/** The legend shown above a timeline. */
export const TIMELINE_LEGEND = '<p class="tl-legend"><span>● request</span><span style="color:#cf222e">◆ injected fault</span><span style="color:#8250df">■ step</span><span style="color:#d4a72c">■ retry / poll</span><span style="color:#1a7f37">● callback</span><span style="color:#cf222e">✕ crash and recovery</span><span>⚑ end</span><span>▭ wait or backoff</span></p>';

/** `+2d 03:15` / `+04:05:30` from the first event. */
function formatRelativeShort(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(total / 86_400);
  const hms = `${p(Math.floor(total / 3600) % 24)}:${p(Math.floor(total / 60) % 60)}:${p(total % 60)}`;
  return days ? `+${days}d ${hms}` : `+${hms}`;
}

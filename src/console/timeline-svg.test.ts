import type { TimelineEvent } from '../harness/chaos-report.js';
import { formatGap, laneOf, markKind, renderTimelineSvg } from './timeline-svg.js';

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const req = (at: number, system: string, status: number, faults?: string[]): TimelineEvent => ({
  at, source: 'simulator', label: `${system} GET /x → ${status}`, lane: system,
  detail: { system, status, outcome: 'responded' }, ...(faults ? { faults } : {}),
});
const hist = (at: number, detail: Record<string, unknown>, label = 'h'): TimelineEvent => ({ at, source: 'runtime', label, lane: 'orchestrator', detail });

describe('timeline SVG', () => {
  const events: TimelineEvent[] = [
    hist(T0, { kind: 'checkpoint', operationId: 'op-r', name: 'physician-review', type: 'CONTEXT', action: 'START' }, 'context physician-review start'),
    req(T0, 'review', 201),
    hist(T0 + 4 * 3_600_000, { kind: 'callback-completed', operationId: 'op-r', action: 'SUCCEED' }, 'callback succeeded'),
    hist(T0 + 4 * 3_600_000, { kind: 'checkpoint', operationId: 'op-p', name: 'poll-decision', type: 'STEP', action: 'RETRY' }, 'step poll-decision retry'),
    hist(T0 + 4 * 3_600_000 + 30_000, { kind: 'timer-fired', operationId: 'op-p', name: 'retry' }, 'timer'),
    req(T0 + 4 * 3_600_000 + 30_000, 'payer', 503, ['http-status']),
    { at: T0 + 5 * 3_600_000, source: 'harness', label: 'runtime crashed (simulated) and recovered', highlight: true, detail: { kind: 'recovered' } },
    hist(T0 + 6 * 3_600_000, { kind: 'execution-ended', action: 'SUCCEEDED' }, 'execution ended SUCCEEDED'),
  ];
  const svg = renderTimelineSvg(events);

  it('draws one lane per system, the model gateway only when it appears', () => {
    for (const name of ['orchestrator', 'EHR', 'payer', 'review']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).not.toContain('model gateway');
    expect(renderTimelineSvg([req(T0, 'model', 200)])).toContain('>model gateway</text>');
  });

  it('links every mark to its event, in order, with its kind and lane', () => {
    const marks = [...svg.matchAll(/<a class="tl-mark" data-i="(\d+)" data-kind="([a-z]+)" data-lane="([a-z]+)" href="#ev-(\d+)"/g)];
    expect(marks.map((m) => [m[2], m[3]])).toEqual([
      ['step', 'orchestrator'], ['request', 'review'], ['callback', 'orchestrator'], ['retry', 'orchestrator'],
      ['timer', 'orchestrator'], ['fault', 'payer'], ['crash', 'orchestrator'], ['end', 'orchestrator'],
    ]);
    expect(marks.every((m) => m[1] === m[4])).toBe(true);
  });

  it('labels simulated gaps and draws waits and backoffs as spans', () => {
    expect(svg).toContain('>4 h</text>');
    expect(svg).toContain('waiting: physician-review 4 h');
    expect(svg).toContain('backoff poll-decision 30 s');
    expect(svg).toContain('class="crash-line"');
  });

  it('keeps marks in time order left to right', () => {
    const xs = [...svg.matchAll(/<circle class="hit" cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(xs.length);
  });

  it('escapes labels', () => {
    expect(renderTimelineSvg([hist(T0, {}, '<b>x</b>')])).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('names lanes and kinds from events without lanes (older reports)', () => {
    expect(laneOf({ at: 0, source: 'simulator', label: 'payer  POST /p → 200' })).toBe('payer');
    expect(markKind({ at: 0, source: 'harness', label: 'crash' })).toBe('crash');
  });

  it.each([[30_000, '30 s'], [300_000, '5 min'], [9_000_000, '2 h 30 min'], [7 * 86_400_000, '7 d']])('formatGap(%d) = %s', (ms, text) => {
    expect(formatGap(ms)).toBe(text);
  });
});

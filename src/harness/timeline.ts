/**
 * One run's timeline on the virtual clock: the simulator's journal (requests, their outcome,
 * injected faults) merged with the runtime's history (invocations, operations, timers,
 * callbacks, recoveries, the end). Shared by `prior-auth-sim run` and the chaos reports.
 */
import type { JournalEntry } from '../contracts/journal.js';
import type { ModelCall } from '../contracts/model-ledger.js';
import type { HistoryEvent } from '../../orchestrator/runtime/index.js';
import type { TimelineEvent } from './chaos-report.js';

const journalEvent = (e: JournalEntry): TimelineEvent => ({
  at: Date.parse(e.at),
  source: 'simulator',
  label: `${e.system.padEnd(6)} ${e.method.padEnd(4)} ${e.url.split('?')[0]} → ${e.outcome === 'responded' ? e.status : e.outcome}`,
  ...(e.faults.length ? { faults: e.faults.map((f) => f.kind) } : {}),
  lane: e.system,
  detail: e,
});

/** Only what tells the story: operation starts and ends, not every intermediate update. */
function historyEvent(h: HistoryEvent): TimelineEvent | undefined {
  const e = historyLabel(h);
  return e && { ...e, lane: 'orchestrator', detail: { ...h } };
}

function historyLabel(h: HistoryEvent): TimelineEvent | undefined {
  const at = h.at;
  switch (h.kind) {
    case 'checkpoint':
      if (!h.name || h.type === 'EXECUTION') return undefined;
      return { at, source: 'runtime', label: `${h.type?.toLowerCase()} ${h.name} ${h.action?.toLowerCase()}` };
    case 'timer-fired':
      return { at, source: 'runtime', label: `timer ${h.name} fired → ${h.action?.toLowerCase()}` };
    case 'callback-completed':
      return { at, source: 'runtime', label: `callback ${h.name} ${h.action === 'SUCCEED' ? 'succeeded' : 'failed'}` };
    case 'callback-refused':
      return { at, source: 'runtime', label: `callback ${h.name} refused: ${h.detail ?? ''}` };
    case 'recovered':
      return { at, source: 'harness', label: 'runtime crashed and recovered: running executions resume from their checkpoints', highlight: true };
    case 'execution-ended':
      return { at, source: 'runtime', label: `execution ended ${h.action}${h.detail ? `: ${h.detail}` : ''}`, highlight: h.action !== 'SUCCEEDED' };
    default:
      return undefined;
  }
}

/**
 * Journal and history merged by time. Within one virtual instant, history events keep their
 * commit order and a request goes right after the history event that was newest when it was
 * answered (`marks`: journal seq → history seq); requests without a mark come first.
 */
export function buildTimeline(journal: readonly JournalEntry[], history: readonly HistoryEvent[], marks: ReadonlyMap<number, number> = new Map()): TimelineEvent[] {
  const events = [
    ...journal.map((j, i) => ({ e: journalEvent(j), order: (marks.get(j.seq) ?? 0) + 0.5, i })),
    ...history.flatMap((h, i) => {
      const e = historyEvent(h);
      return e ? [{ e, order: h.seq, i }] : [];
    }),
  ];
  return events.sort((a, b) => a.e.at - b.e.at || a.order - b.order || a.i - b.i).map(({ e }) => e);
}

/** `+  12.50 h  label` lines relative to `t0`. */
export function timelineLines(events: readonly TimelineEvent[], t0: number): string[] {
  return events.map((e) => `+${((e.at - t0) / 3_600_000).toFixed(2).padStart(7)} h  ${e.source === 'simulator' ? '' : `${e.source === 'harness' ? '!!' : '··'} `}${e.label}${e.faults ? `  [fault: ${e.faults.join(', ')}]` : ''}`);
}

/** `1,234 + 56 tokens · $0.0042` (cost to four decimals; a fraction of a cent shows as such). */
export function formatModelUsage(c: Pick<ModelCall, 'inputTokens' | 'outputTokens' | 'costUsd'>): string {
  const usd = c.costUsd === 0 ? '$0' : c.costUsd < 0.0001 ? '<$0.0001' : `$${c.costUsd.toFixed(4)}`;
  return `${c.inputTokens.toLocaleString('en-US')} + ${c.outputTokens.toLocaleString('en-US')} tokens · ${usd}`;
}

/**
 * The model lane with what each call cost: every model request the gateway answered (journal
 * `handled`) has one row in the token ledger, in the same order, so the two are paired in order
 * — from the newest, since both keep only their newest entries. A request a before-fault answered
 * never reached the gateway and spent nothing; it stays as it is.
 */
export function withModelUsage(events: readonly TimelineEvent[], calls: readonly ModelCall[]): TimelineEvent[] {
  const answered = events.flatMap((e, i) => (e.lane === 'model' && (e.detail as Partial<JournalEntry> | undefined)?.handled === true ? [i] : []));
  const out = [...events];
  const n = Math.min(answered.length, calls.length);
  for (let k = 1; k <= n; k++) {
    const i = answered[answered.length - k]!;
    const call = calls[calls.length - k]!;
    const e = out[i]!;
    const who = call.agent ? ` ${call.agent}${call.attempt && call.attempt > 1 ? ` attempt ${call.attempt}` : ''}` : '';
    out[i] = { ...e, label: `${e.label} ·${who} ${formatModelUsage(call)}${call.outcome === 'completed' ? '' : ` (${call.outcome})`}`, detail: { ...e.detail, modelCall: call } };
  }
  return out;
}

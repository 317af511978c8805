/**
 * A run's whole trace as plain lines: every runtime history event (invocations, each checkpoint
 * update, timers, callbacks, recoveries, the end) in commit order, then every simulator request
 * in arrival order, then the payer's ledger totals. Two runs of one seed must give the same lines whatever else the process is
 * doing; where they first differ is where determinism broke (see `firstDivergence`).
 */
import type { JournalEntry } from '../contracts/journal.js';
import type { HistoryEvent } from '../../orchestrator/runtime/index.js';

const historyLine = (h: HistoryEvent): string =>
  ['H', new Date(h.at).toISOString(), h.kind, h.invocation ?? '', h.operationId ?? '', h.name ?? '', h.type ?? '', h.action ?? '', h.detail ?? ''].join(' ').trimEnd();

const journalLine = (e: JournalEntry): string =>
  ['J', e.at, e.system, e.method, e.url, e.outcome === 'responded' ? e.status : e.outcome, e.faults.map((f) => f.kind).join(',')].join(' ').trimEnd();

export function runTrace(journal: readonly JournalEntry[], history: readonly HistoryEvent[], ledger?: unknown): string[] {
  return [...history.map(historyLine), ...journal.map(journalLine), ...(ledger === undefined ? [] : [`L ${JSON.stringify(ledger)}`])];
}

/** The first line where two traces differ, with a few lines of context before it; undefined when equal. */
export function firstDivergence(a: readonly string[], b: readonly string[], context = 4): string | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue;
    const before = a.slice(Math.max(0, i - context), i).map((l) => `    ${l}`);
    return [`line ${i + 1} of ${a.length} / ${b.length}:`, ...before, `  - ${a[i] ?? '(end)'}`, `  + ${b[i] ?? '(end)'}`].join('\n');
  }
  return undefined;
}

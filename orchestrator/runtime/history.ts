/**
 * The runtime's append-only history: every invocation opened, every checkpoint update, every
 * timer fired, every callback completion (accepted or refused), every recovery and the
 * execution's end — in commit order. It is the evidence the chaos harness checks invariants
 * against (completed steps never re-run, callbacks resolve at most once, replay determinism),
 * so it is written in the same transaction as the state it describes: a crash loses both or neither.
 */
import type { RuntimeDb } from './runtime-db.js';

export type HistoryEventKind =
  | 'invocation-started'
  | 'checkpoint'
  | 'timer-fired'
  | 'callback-completed'
  | 'callback-refused'
  | 'recovered'
  | 'execution-ended';

export interface HistoryEvent {
  /** Global commit order (SQLite rowid). */
  seq: number;
  executionId: string;
  /** Clock epoch ms. */
  at: number;
  kind: HistoryEventKind;
  invocation?: number;
  operationId?: string;
  /** Operation name (checkpoints), callback id (callback events), timer kind (timer-fired). */
  name?: string;
  /** Operation type for checkpoints (STEP, WAIT, CALLBACK, ...). */
  type?: string;
  /** Checkpoint action (START, SUCCEED, FAIL, RETRY, ...), resulting status, or ended status. */
  action?: string;
  detail?: string;
}

export const HISTORY_SCHEMA = `
CREATE TABLE IF NOT EXISTS history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  invocation INTEGER,
  operation_id TEXT,
  name TEXT,
  type TEXT,
  action TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS history_execution ON history(execution_id, seq);
`;

type Row = Record<string, unknown>;

/** @example const h = createHistory(db); h.append({ executionId, at, kind: 'recovered' }); h.load(executionId); */
export function createHistory(db: RuntimeDb) {
  const insert = db.prepare(`INSERT INTO history (execution_id, at, kind, invocation, operation_id, name, type, action, detail)
    VALUES (@executionId, @at, @kind, @invocation, @operationId, @name, @type, @action, @detail)`);
  const select = db.prepare('SELECT * FROM history WHERE execution_id = ? ORDER BY seq');
  const last = db.prepare('SELECT MAX(seq) AS seq FROM history');
  return {
    append(e: Omit<HistoryEvent, 'seq'>): void {
      insert.run({ invocation: null, operationId: null, name: null, type: null, action: null, detail: null, ...e });
    },
    /** The newest event's `seq` (0 when empty): a mark to place outside events between history events. */
    lastSeq(): number {
      return (last.get() as { seq: number | null }).seq ?? 0;
    },
    load(executionId: string): HistoryEvent[] {
      return (select.all(executionId) as Row[]).map((r) => {
        const e: HistoryEvent = { seq: r.seq as number, executionId: r.execution_id as string, at: r.at as number, kind: r.kind as HistoryEventKind };
        for (const [k, col] of [['invocation', 'invocation'], ['operationId', 'operation_id'], ['name', 'name'], ['type', 'type'], ['action', 'action'], ['detail', 'detail']] as const) {
          if (r[col] !== null && r[col] !== undefined) (e as unknown as Record<string, unknown>)[k] = r[col];
        }
        return e;
      });
    },
  };
}

export type History = ReturnType<typeof createHistory>;

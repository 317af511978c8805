/**
 * Typed access to the runtime tables. Every method is one or a few statements; callers group
 * them into transactions (`store.tx`), so a checkpoint or a fired timer commits atomically.
 */
import type { ErrorObject } from '@aws/durable-execution-sdk-js';
import type { RuntimeDb } from './runtime-db.js';
import { asExecutionId, type CallbackId, type ExecutionId } from './ids.js';
import type { OperationRecord } from './operation-record.js';
import type { TimerKind } from './apply-update.js';
import { createHistory } from './history.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'STOPPED';

export interface ExecutionRecord {
  id: ExecutionId;
  name?: string;
  handler: string;
  status: ExecutionStatus;
  input?: string;
  result?: string;
  error?: ErrorObject;
  executionOpId: string;
  invocation: number;
  invocationFailures: number;
  opSeq: number;
  seenSeq: number;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
}

export interface CallbackRecord {
  id: CallbackId;
  executionId: ExecutionId;
  operationId: string;
  status: string;
  heartbeatSeconds?: number;
}

export interface TimerRecord {
  executionId: ExecutionId;
  operationId: string;
  kind: TimerKind;
  dueAt: number;
}

type Row = Record<string, unknown>;
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

const toExecution = (r: Row): ExecutionRecord => ({
  id: asExecutionId(r.id as string),
  name: opt(r.name),
  handler: r.handler as string,
  status: r.status as ExecutionStatus,
  input: opt(r.input),
  result: opt(r.result),
  error: r.error ? (JSON.parse(r.error as string) as ErrorObject) : undefined,
  executionOpId: r.execution_op_id as string,
  invocation: r.invocation as number,
  invocationFailures: r.invocation_failures as number,
  opSeq: r.op_seq as number,
  seenSeq: r.seen_seq as number,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
  endedAt: opt(r.ended_at),
});

const toOperation = (r: Row): OperationRecord => ({
  id: r.id as string,
  parentId: opt(r.parent_id),
  name: opt(r.name),
  type: r.type as OperationRecord['type'],
  subType: opt(r.sub_type),
  status: r.status as OperationRecord['status'],
  startTs: r.start_ts as number,
  endTs: opt(r.end_ts),
  details: r.details ? (JSON.parse(r.details as string) as OperationRecord['details']) : {},
  ord: r.ord as number,
  seq: r.seq as number,
});

const toCallback = (r: Row): CallbackRecord => ({
  id: r.id as CallbackId,
  executionId: asExecutionId(r.execution_id as string),
  operationId: r.operation_id as string,
  status: r.status as string,
  heartbeatSeconds: opt(r.heartbeat_seconds),
});

const toTimer = (r: Row): TimerRecord => ({
  executionId: asExecutionId(r.execution_id as string),
  operationId: r.operation_id as string,
  kind: r.kind as TimerKind,
  dueAt: r.due_at as number,
});

/** @example const store = createRuntimeStore(openRuntimeDb(':memory:')); */
export function createRuntimeStore(db: RuntimeDb) {
  const q = (sql: string) => db.prepare(sql);
  const s = {
    exec: q('SELECT * FROM executions WHERE id = ?'),
    execByName: q('SELECT * FROM executions WHERE name = ?'),
    execs: q('SELECT * FROM executions ORDER BY created_at, rowid'),
    countRunning: q(`SELECT COUNT(*) AS n FROM executions WHERE status = 'RUNNING'`),
    execsByStatus: q('SELECT * FROM executions WHERE status = ? ORDER BY created_at, rowid'),
    insertExec: q(`INSERT INTO executions (id, name, handler, status, input, execution_op_id, created_at, updated_at)
      VALUES (@id, @name, @handler, 'RUNNING', @input, @executionOpId, @now, @now)`),
    updateExec: q(`UPDATE executions SET status = @status, result = @result, error = @error, invocation = @invocation,
      invocation_failures = @invocationFailures, op_seq = @opSeq, seen_seq = @seenSeq, updated_at = @updatedAt, ended_at = @endedAt WHERE id = @id`),
    ops: q('SELECT * FROM operations WHERE execution_id = ? ORDER BY ord'),
    opsSince: q('SELECT * FROM operations WHERE execution_id = ? AND seq > ? ORDER BY ord'),
    nextOrd: q('SELECT COALESCE(MAX(ord), -1) + 1 AS n FROM operations WHERE execution_id = ?'),
    op: q('SELECT * FROM operations WHERE execution_id = ? AND id = ?'),
    upsertOp: q(`INSERT INTO operations (execution_id, id, ord, parent_id, name, type, sub_type, status, start_ts, end_ts, details, seq)
      VALUES (@executionId, @id, @ord, @parentId, @name, @type, @subType, @status, @startTs, @endTs, @details, @seq)
      ON CONFLICT (execution_id, id) DO UPDATE SET status = excluded.status, end_ts = excluded.end_ts, details = excluded.details, seq = excluded.seq`),
    callback: q('SELECT * FROM callbacks WHERE id = ?'),
    startedCallbacks: q(`SELECT COUNT(*) AS n FROM callbacks WHERE execution_id = ? AND status = 'STARTED'`),
    insertCallback: q(`INSERT INTO callbacks (id, execution_id, operation_id, status, heartbeat_seconds, created_at)
      VALUES (@id, @executionId, @operationId, 'STARTED', @heartbeatSeconds, @now)`),
    closeCallback: q('UPDATE callbacks SET status = @status, completed_at = @now WHERE execution_id = @executionId AND operation_id = @operationId'),
    upsertTimer: q(`INSERT INTO timers (execution_id, operation_id, kind, due_at) VALUES (@executionId, @operationId, @kind, @dueAt)
      ON CONFLICT (execution_id, operation_id, kind) DO UPDATE SET due_at = excluded.due_at`),
    clearOpTimers: q('DELETE FROM timers WHERE execution_id = ? AND operation_id = ?'),
    clearExecTimers: q('DELETE FROM timers WHERE execution_id = ?'),
    deleteTimer: q('DELETE FROM timers WHERE execution_id = @executionId AND operation_id = @operationId AND kind = @kind'),
    dueTimers: q('SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at, rowid'),
    nextDue: q('SELECT MIN(due_at) AS at FROM timers'),
    // the execution-timeout timer is a deadline, not something the execution waits for
    execTimers: q(`SELECT COUNT(*) AS n FROM timers WHERE execution_id = ? AND kind != 'execution-timeout'`),
  };
  // one transaction wrapper for every call: better-sqlite3 builds several closures per `db.transaction(fn)`
  const immediate = db.transaction((fn: () => unknown) => fn()).immediate;
  return {
    tx: <T>(fn: () => T): T => immediate(fn) as T,
    getExecution: (id: string) => { const r = s.exec.get(id) as Row | undefined; return r && toExecution(r); },
    getExecutionByName: (name: string) => { const r = s.execByName.get(name) as Row | undefined; return r && toExecution(r); },
    listExecutions: (status?: ExecutionStatus) => ((status ? s.execsByStatus.all(status) : s.execs.all()) as Row[]).map(toExecution),
    countRunning: () => (s.countRunning.get() as { n: number }).n,
    insertExecution: (e: { id: ExecutionId; name?: string; handler: string; input?: string; executionOpId: string; now: number }) =>
      s.insertExec.run({ ...e, name: e.name ?? null, input: e.input ?? null }),
    saveExecution: (e: ExecutionRecord) =>
      s.updateExec.run({ ...e, result: e.result ?? null, error: e.error ? JSON.stringify(e.error) : null, endedAt: e.endedAt ?? null }),
    loadOperations: (executionId: string) => (s.ops.all(executionId) as Row[]).map(toOperation),
    getOperation: (executionId: string, id: string) => { const r = s.op.get(executionId, id) as Row | undefined; return r && toOperation(r); },
    /** Operations changed after `seq`, in creation order. */
    loadOperationsSince: (executionId: string, seq: number) => (s.opsSince.all(executionId, seq) as Row[]).map(toOperation),
    /** The `ord` the execution's next new operation gets. */
    nextOperationOrd: (executionId: string) => (s.nextOrd.get(executionId) as { n: number }).n,
    saveOperation: (executionId: string, op: OperationRecord) =>
      s.upsertOp.run({ executionId, ...op, parentId: op.parentId ?? null, name: op.name ?? null, subType: op.subType ?? null,
        endTs: op.endTs ?? null, details: JSON.stringify(op.details) }),
    getCallback: (id: string) => { const r = s.callback.get(id) as Row | undefined; return r && toCallback(r); },
    countStartedCallbacks: (executionId: string) => (s.startedCallbacks.get(executionId) as { n: number }).n,
    insertCallback: (c: { id: string; executionId: string; operationId: string; heartbeatSeconds?: number; now: number }) =>
      s.insertCallback.run({ ...c, heartbeatSeconds: c.heartbeatSeconds ?? null }),
    closeCallback: (executionId: string, operationId: string, status: string, now: number) => s.closeCallback.run({ executionId, operationId, status, now }),
    setTimer: (t: TimerRecord) => s.upsertTimer.run(t),
    deleteTimer: (t: Omit<TimerRecord, 'dueAt'>) => s.deleteTimer.run(t),
    clearOperationTimers: (executionId: string, operationId: string) => s.clearOpTimers.run(executionId, operationId),
    clearExecutionTimers: (executionId: string) => s.clearExecTimers.run(executionId),
    dueTimers: (now: number) => (s.dueTimers.all(now) as Row[]).map(toTimer),
    nextTimerAt: () => opt<number>((s.nextDue.get() as { at: number | null }).at),
    countTimers: (executionId: string) => (s.execTimers.get(executionId) as { n: number }).n,
    history: createHistory(db),
  };
}

export type RuntimeStore = ReturnType<typeof createRuntimeStore>;

/**
 * What changes an execution from outside an invocation: a due timer (wait elapsed, retry
 * due, callback timed out) or an external system completing or heartbeating a callback.
 * Each is one transaction that bumps the execution's change counter, so a running
 * invocation sees the change in its next checkpoint response.
 */
import type { ErrorObject } from '@aws/durable-execution-sdk-js';
import type { ExecutionId } from './ids.js';
import type { OperationRecord } from './operation-record.js';
import type { RuntimeClock } from './runtime-clock.js';
import { badRequest, callbackClosed, notFound } from './runtime-problem.js';
import type { ExecutionRecord, RuntimeStore, TimerRecord } from './runtime-store.js';

export type CallbackOutcome = { kind: 'succeed'; result?: string } | { kind: 'fail'; error: ErrorObject };

const TIMEOUT_MESSAGE = { 'callback-timeout': 'Callback timed out', 'callback-heartbeat': 'Callback timed out on heartbeat' } as const;

/** @example const events = createExternalEvents(store, clock); const woken = events.fireDueTimers(); */
export function createExternalEvents(store: RuntimeStore, clock: RuntimeClock, options: { plantedBug?: 'callback-resolved-twice' } = {}) {
  const commit = (exec: ExecutionRecord, op: OperationRecord, now: number) => {
    exec.opSeq += 1;
    exec.updatedAt = now;
    op.seq = exec.opSeq;
    store.saveOperation(exec.id, op);
    store.saveExecution(exec);
  };

  /** Ends a running execution from outside any invocation (timed out, stopped); a running invocation is fenced from then on. */
  const endExecution = (exec: ExecutionRecord, status: 'TIMED_OUT' | 'STOPPED', now: number, error: ErrorObject) => {
    const op = store.getOperation(exec.id, exec.executionOpId);
    exec.opSeq += 1;
    if (op) store.saveOperation(exec.id, { ...op, status, endTs: now, seq: exec.opSeq });
    Object.assign(exec, { status, error, endedAt: now, updatedAt: now });
    store.clearExecutionTimers(exec.id);
    store.saveExecution(exec);
    store.history.append({ executionId: exec.id, at: now, kind: 'execution-ended', invocation: exec.invocation, action: status, detail: error.ErrorMessage });
  };

  const fire = (t: TimerRecord, now: number): boolean => {
    store.deleteTimer(t);
    const exec = store.getExecution(t.executionId);
    if (exec?.status !== 'RUNNING') return false;
    if (t.kind === 'invoke') return true;
    if (t.kind === 'execution-timeout') {
      endExecution(exec, 'TIMED_OUT', now, { ErrorType: 'ExecutionTimedOut', ErrorMessage: 'The execution ran past its execution timeout' });
      return false;
    }
    const op = store.getOperation(t.executionId, t.operationId);
    if (!op) return false;
    const fired = (status: string) => store.history.append({ executionId: exec.id, at: now, kind: 'timer-fired', operationId: op.id, name: t.kind, type: op.type, action: status });
    if (t.kind === 'wait' && op.status === 'STARTED') {
      commit(exec, { ...op, status: 'SUCCEEDED', endTs: now }, now);
      fired('SUCCEEDED');
    } else if (t.kind === 'retry' && op.status === 'PENDING') {
      commit(exec, { ...op, status: 'READY' }, now);
      fired('READY');
    } else if ((t.kind === 'callback-timeout' || t.kind === 'callback-heartbeat') && op.status === 'STARTED') {
      store.clearOperationTimers(exec.id, op.id);
      store.closeCallback(exec.id, op.id, 'TIMED_OUT', now);
      commit(exec, { ...op, status: 'TIMED_OUT', endTs: now, details: { ...op.details, Error: { ErrorMessage: TIMEOUT_MESSAGE[t.kind] } } }, now);
      fired('TIMED_OUT');
    } else {
      return false;
    }
    return true;
  };

  const startedCallback = (callbackId: string) => {
    const cb = store.getCallback(callbackId);
    if (!cb) throw notFound(`callback ${callbackId} does not exist`);
    const exec = store.getExecution(cb.executionId);
    const op = store.getOperation(cb.executionId, cb.operationId);
    // testing only: the planted bug lets a succeeded callback of a running execution be completed again
    const reopened = options.plantedBug === 'callback-resolved-twice' && cb.status === 'SUCCEEDED' && exec?.status === 'RUNNING' && op;
    if (!reopened && (cb.status !== 'STARTED' || !exec || !op || op.status !== 'STARTED')) {
      throw callbackClosed(`callback ${callbackId} is already ${cb.status}; a callback resolves at most once`);
    }
    if (exec.status !== 'RUNNING') throw callbackClosed(`callback ${callbackId} belongs to execution ${exec.id}, which is ${exec.status}`);
    return { cb, exec, op };
  };

  return {
    /** Applies every timer due at the clock's now; returns the executions to wake. */
    fireDueTimers(): ExecutionId[] {
      const now = clock.now();
      return store.tx(() => {
        const woken = new Set<ExecutionId>();
        for (const t of store.dueTimers(now)) if (fire(t, now)) woken.add(t.executionId);
        return [...woken];
      });
    },

    /**
     * Succeeds or fails a callback; 404 when unknown, AWS's CallbackTimeoutException (400
     * `callback-timeout`) when already resolved, timed out or its execution ended (state left
     * alone, the refusal recorded in the history).
     */
    completeCallback(callbackId: string, outcome: CallbackOutcome): ExecutionId {
      const now = clock.now();
      const action = outcome.kind === 'succeed' ? 'SUCCEED' : 'FAIL';
      try {
        return store.tx(() => {
          const { cb, exec, op } = startedCallback(callbackId);
          const status = outcome.kind === 'succeed' ? 'SUCCEEDED' : 'FAILED';
          const details: OperationRecord['details'] = { ...op.details };
          if (outcome.kind === 'fail') details.Error = outcome.error;
          else if (outcome.result !== undefined) details.Result = outcome.result;
          store.clearOperationTimers(exec.id, op.id);
          store.closeCallback(exec.id, op.id, status, now);
          commit(exec, { ...op, status, endTs: now, details }, now);
          store.history.append({ executionId: exec.id, at: now, kind: 'callback-completed', operationId: op.id, name: callbackId, action });
          return cb.executionId;
        });
      } catch (err) {
        // the transaction rolled back; the refusal is recorded on its own
        const cb = store.getCallback(callbackId);
        if (cb) store.history.append({ executionId: cb.executionId, at: now, kind: 'callback-refused', operationId: cb.operationId, name: callbackId, action, detail: (err as Error).message });
        throw err;
      }
    },

    /** AWS's StopDurableExecution: ends a running execution as STOPPED (a 400 when it has already ended). */
    stop(executionId: string, error: ErrorObject = { ErrorMessage: 'The execution was stopped' }): void {
      const now = clock.now();
      store.tx(() => {
        const exec = store.getExecution(executionId);
        if (!exec) throw notFound(`execution ${executionId} does not exist`);
        if (exec.status !== 'RUNNING') throw badRequest(`execution ${executionId} is ${exec.status}; only a RUNNING execution can be stopped`);
        endExecution(exec, 'STOPPED', now, error);
      });
    },

    /** Pushes the heartbeat deadline forward; a callback without one accepts and ignores it. */
    heartbeat(callbackId: string): ExecutionId {
      const now = clock.now();
      return store.tx(() => {
        const { cb, exec, op } = startedCallback(callbackId);
        if (cb.heartbeatSeconds) store.setTimer({ executionId: exec.id, operationId: op.id, kind: 'callback-heartbeat', dueAt: now + cb.heartbeatSeconds * 1000 });
        return cb.executionId;
      });
    },
  };
}

export type ExternalEvents = ReturnType<typeof createExternalEvents>;

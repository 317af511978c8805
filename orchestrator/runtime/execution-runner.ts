/**
 * One invocation of one execution: open it (a new invocation number fences the previous
 * one), run the registered handler through the SDK, and record what it returned. SUCCEEDED
 * and FAILED end the execution; PENDING leaves it to timers and callbacks; a thrown error
 * (the SDK's "retry this invocation") is retried with backoff, then fails the execution.
 */
import type { DurableExecutionClient, DurableExecutionInvocationOutput, ErrorObject } from '@aws/durable-execution-sdk-js';
import { encodeToken } from './checkpoint-token.js';
import type { CrashSwitch } from './crash-switch.js';
import type { ExecutionId } from './ids.js';
import { invokeDurableHandler, type DurableHandler } from './invoke-handler.js';
import { prunedState, toWireOperation } from './operation-record.js';
import type { RuntimeClock } from './runtime-clock.js';
import type { ExecutionRecord, RuntimeStore } from './runtime-store.js';

export interface RunnerDeps {
  store: RuntimeStore;
  clock: RuntimeClock;
  crash: CrashSwitch;
  client: DurableExecutionClient;
  handlers: ReadonlyMap<string, DurableHandler>;
  maxInvocationAttempts: number;
  /** Executions woken by `recover()` whose first invocation has not opened yet (the `during-recovery` crash point). */
  recovering: Set<ExecutionId>;
  /** Runs `fn` with the invocation in async context (for `runtime.crashHook`). */
  inScope: <T>(scope: { executionId: ExecutionId; invocation: number; generation: number }, fn: () => Promise<T>) => Promise<T>;
}

type Outcome = { output: DurableExecutionInvocationOutput } | { thrown: unknown };

const errorObject = (err: unknown): ErrorObject =>
  err instanceof Error ? { ErrorType: err.name, ErrorMessage: err.message, StackTrace: err.stack?.split('\n') } : { ErrorMessage: String(err) };

/** @example const runOnce = createExecutionRunner(deps); await runOnce(id, () => false); */
export function createExecutionRunner(deps: RunnerDeps) {
  const { store, clock, crash } = deps;

  const begin = (id: ExecutionId) =>
    store.tx(() => {
      const exec = store.getExecution(id);
      if (exec?.status !== 'RUNNING' || !deps.handlers.has(exec.handler)) return undefined;
      const ops = store.loadOperations(id);
      const updated = ops.filter((o) => o.seq > exec.seenSeq).map((o) => o.id);
      exec.invocation += 1;
      exec.seenSeq = exec.opSeq;
      store.saveExecution(exec);
      store.history.append({ executionId: id, at: clock.now(), kind: 'invocation-started', invocation: exec.invocation });
      const token = encodeToken({ executionId: id, invocation: exec.invocation, generation: crash.generation, seen: exec.opSeq, n: 0 });
      return { exec, token, operations: prunedState(ops).map(toWireOperation), updated };
    });

  const end = (exec: ExecutionRecord, status: 'SUCCEEDED' | 'FAILED', now: number, result?: string, error?: ErrorObject) => {
    const op = store.getOperation(exec.id, exec.executionOpId);
    exec.opSeq += 1;
    if (op) store.saveOperation(exec.id, { ...op, status, endTs: now, seq: exec.opSeq });
    Object.assign(exec, { status, result, error, endedAt: now, invocationFailures: 0 });
    store.clearExecutionTimers(exec.id);
    store.history.append({ executionId: exec.id, at: now, kind: 'execution-ended', invocation: exec.invocation, action: status, ...(error ? { detail: error.ErrorMessage } : {}) });
  };

  const finish = (id: ExecutionId, invocation: number, generation: number, outcome: Outcome, rerunRequested: () => boolean) =>
    store.tx(() => {
      const exec = store.getExecution(id);
      // A superseded or already-finished invocation (e.g. a zombie from before a crash) records nothing.
      if (!exec || exec.status !== 'RUNNING' || exec.invocation !== invocation || crash.generation !== generation) return;
      const now = clock.now();
      exec.updatedAt = now;
      if ('thrown' in outcome) {
        exec.invocationFailures += 1;
        if (exec.invocationFailures >= deps.maxInvocationAttempts) end(exec, 'FAILED', now, undefined, errorObject(outcome.thrown));
        else store.setTimer({ executionId: id, operationId: exec.executionOpId, kind: 'invoke', dueAt: now + 1000 * 2 ** (exec.invocationFailures - 1) });
      } else if (outcome.output.Status === 'SUCCEEDED') {
        end(exec, 'SUCCEEDED', now, outcome.output.Result);
      } else if (outcome.output.Status === 'FAILED') {
        end(exec, 'FAILED', now, undefined, outcome.output.Error);
      } else {
        exec.invocationFailures = 0;
        const waiting = store.countTimers(id) + store.countStartedCallbacks(id);
        if (waiting === 0 && !rerunRequested()) {
          end(exec, 'FAILED', now, undefined, { ErrorType: 'InvalidParameterValueException', ErrorMessage: 'Cannot return PENDING status with no pending operations.' });
        }
      }
      store.saveExecution(exec);
    });

  /** Runs one invocation of `id` unless it is finished or its handler is not registered; `onOpen` learns its number. */
  return async function runOnce(id: ExecutionId, rerunRequested: () => boolean, onOpen: (invocation: number) => void = () => {}): Promise<void> {
    const opened = begin(id);
    if (!opened) return;
    const { exec, token, operations, updated } = opened;
    onOpen(exec.invocation);
    if (deps.recovering.delete(id)) {
      try {
        crash.trip('during-recovery', { executionId: id, invocation: exec.invocation });
      } catch {
        return; // died while resuming: the next recover() takes over
      }
    }
    const generation = crash.generation;
    const handler = deps.handlers.get(exec.handler)!;
    const invocation = { executionArn: id, checkpointToken: token, operations, updatedOperationIds: updated, requestId: `${id}#${exec.invocation}`, functionName: exec.handler };
    const running = deps.inScope({ executionId: id, invocation: exec.invocation, generation }, () => invokeDurableHandler(handler, invocation, deps.client));
    let unsubscribe = () => {};
    const died = new Promise<undefined>((resolve) => (unsubscribe = crash.onDeath(() => resolve(undefined))));
    let outcome: Outcome | undefined;
    try {
      outcome = await Promise.race([running.then((output): Outcome => ({ output }), (thrown: unknown): Outcome => ({ thrown })), died]);
    } finally {
      unsubscribe();
    }
    if (!outcome || crash.crashed) return;
    finish(id, exec.invocation, generation, outcome, rerunRequested);
  };
}

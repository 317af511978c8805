/**
 * The SDK's `DurableExecutionClient` on SQLite. Each `checkpoint` is one transaction:
 * fence the caller, validate, apply the service's transition rules, persist operations,
 * callbacks and timers, and answer with every operation changed since the caller last saw.
 */
import {
  DurableExecutionClientError,
  type CheckpointDurableExecutionRequest,
  type CheckpointDurableExecutionResponse,
  type DurableExecutionClient,
  type GetDurableExecutionStateRequest,
  type GetDurableExecutionStateResponse,
  type OperationUpdate,
} from '@aws/durable-execution-sdk-js';
import { applyUpdate } from './apply-update.js';
import { decodeToken, encodeToken, type CheckpointTokenData } from './checkpoint-token.js';
import type { CrashSwitch } from './crash-switch.js';
import type { IdGenerator } from './ids.js';
import { prunedState, toWireOperation, type OperationRecord } from './operation-record.js';
import type { RuntimeClock } from './runtime-clock.js';
import type { ExecutionRecord, RuntimeStore } from './runtime-store.js';
import { CheckpointRejected, validateUpdates } from './validate-updates.js';

export interface DurableClientDeps {
  store: RuntimeStore;
  clock: RuntimeClock;
  ids: IdGenerator;
  crash: CrashSwitch;
  /** Told after each commit that created or removed timers, so the scheduler re-arms. */
  onTimersChanged: () => void;
}

const invocationError = (message: string) => new DurableExecutionClientError(`Invalid Checkpoint Token: ${message}`, { scope: 'INVOCATION' });

/** @example const client = createSqliteDurableClient({ store, clock, ids: randomIds, crash, onTimersChanged }); */
export function createSqliteDurableClient(deps: DurableClientDeps): DurableExecutionClient {
  const { store, clock, ids, crash } = deps;
  /** Per execution, the next checkpoint number its current invocation may use: each token is good once, as on AWS. */
  const nextCheckpoint = new Map<string, { invocation: number; n: number }>();
  const tokenFresh = (t: CheckpointTokenData) => {
    const last = nextCheckpoint.get(t.executionId);
    return t.n === (last?.invocation === t.invocation ? last.n : 0);
  };

  const fence = (token: CheckpointTokenData | undefined, arn: string | undefined, consume: boolean): ExecutionRecord => {
    if (!token || token.executionId !== arn) throw invocationError('not issued for this execution');
    const exec = store.getExecution(token.executionId);
    if (!exec) throw invocationError('unknown execution');
    if (exec.status !== 'RUNNING') throw invocationError(`execution is ${exec.status}`);
    if (exec.invocation !== token.invocation || crash.generation !== token.generation) throw invocationError('superseded invocation');
    if (consume && !tokenFresh(token)) throw invocationError('already used; each checkpoint returns the token for the next');
    return exec;
  };

  const persist = (exec: ExecutionRecord, token: CheckpointTokenData, updates: readonly OperationUpdate[]) => {
    // only the operations this checkpoint names (and their parents): loading every operation
    // made each checkpoint cost O(history), an execution O(history²)
    const ops = new Map<string, OperationRecord>();
    for (const raw of updates) {
      for (const id of [raw.Type === 'EXECUTION' ? exec.executionOpId : raw.Id, raw.ParentId]) {
        if (typeof id !== 'string' || ops.has(id)) continue;
        const op = store.getOperation(exec.id, id);
        if (op) ops.set(id, op);
      }
    }
    try {
      validateUpdates(updates, ops);
    } catch (err) {
      if (err instanceof CheckpointRejected) throw new DurableExecutionClientError(err.message, { scope: 'EXECUTION', cause: err });
      throw err;
    }
    const now = clock.now();
    const seq = updates.length ? exec.opSeq + 1 : exec.opSeq;
    let ord = store.nextOperationOrd(exec.id);
    let timersChanged = false;
    for (const raw of updates) {
      const u = raw.Type === 'EXECUTION' ? { ...raw, Id: exec.executionOpId } : raw;
      const existing = ops.get(u.Id as string);
      const { op, effects } = applyUpdate(u, existing, { now, ord: existing?.ord ?? ord++, newCallbackId: () => ids('callback') });
      op.seq = seq;
      ops.set(op.id, op);
      store.saveOperation(exec.id, op);
      store.history.append({ executionId: exec.id, at: now, kind: 'checkpoint', invocation: token.invocation, operationId: op.id, name: op.name, type: u.Type, action: u.Action });
      if (effects.clearTimers) store.clearOperationTimers(exec.id, op.id);
      for (const t of effects.setTimers) store.setTimer({ executionId: exec.id, operationId: op.id, ...t });
      timersChanged ||= effects.clearTimers || effects.setTimers.length > 0;
      if (effects.mintedCallback) store.insertCallback({ id: effects.mintedCallback.callbackId, executionId: exec.id, operationId: op.id, heartbeatSeconds: effects.mintedCallback.heartbeatSeconds, now });
      if (effects.cancelledCallback) store.closeCallback(exec.id, op.id, 'CANCELLED', now);
      if (effects.execution) {
        Object.assign(exec, effects.execution, { endedAt: now });
        store.clearExecutionTimers(exec.id);
        store.history.append({ executionId: exec.id, at: now, kind: 'execution-ended', invocation: token.invocation, action: exec.status });
        timersChanged = true;
      }
    }
    exec.opSeq = seq;
    exec.seenSeq = Math.max(exec.seenSeq, seq);
    exec.updatedAt = now;
    store.saveExecution(exec);
    const changed = store.loadOperationsSince(exec.id, token.seen);
    return { changed, seen: seq, timersChanged };
  };

  return {
    async getExecutionState(params: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
      crash.assertAlive();
      const exec = fence(decodeToken(params.CheckpointToken), params.DurableExecutionArn, false);
      return { Operations: prunedState(store.loadOperations(exec.id)).map(toWireOperation) };
    },

    async checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
      crash.assertAlive();
      const token = decodeToken(params.CheckpointToken);
      const updates = params.Updates ?? [];
      const where = { executionId: token?.executionId, invocation: token?.invocation, updates };
      // Fenced before the crash point: a superseded invocation (a zombie of a crashed process, its
      // code still running here) is refused without reaching it. Counted as a crash point, it
      // shifted every later occurrence by however far the zombie got before the restarted
      // runtime's invocation — a matter of the machine's load, not of the seed.
      fence(token, params.DurableExecutionArn, true);
      crash.trip('before-checkpoint-persist', where);
      const { changed, seen, timersChanged } = store.tx(() => persist(fence(token, params.DurableExecutionArn, true), token!, updates));
      nextCheckpoint.set(token!.executionId, { invocation: token!.invocation, n: token!.n + 1 });
      if (timersChanged) deps.onTimersChanged();
      crash.trip('after-checkpoint-persist', where);
      return {
        CheckpointToken: encodeToken({ ...token!, seen, n: token!.n + 1 }),
        NewExecutionState: { Operations: changed.map((o: OperationRecord) => toWireOperation(o)) },
      };
    },
  };
}

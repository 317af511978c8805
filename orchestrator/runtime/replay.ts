/**
 * Replay check (invariant 8 of docs/invariants.md): run a finished execution's handler once more over
 * its complete checkpoint history, with a backend that persists nothing. A deterministic
 * workflow answers every operation from the history and returns the same result without
 * asking to start anything; a workflow that branches on something outside its checkpoints
 * (the clock, randomness, mutable state) asks for an operation the history does not hold, or
 * the SDK refuses the mismatch. The first unknown operation aborts the replay, so no step's
 * code (no side effect) runs.
 */
import { DurableExecutionClientError, type DurableExecutionClient } from '@aws/durable-execution-sdk-js';
import { invokeDurableHandler, type DurableHandler } from './invoke-handler.js';
import { prunedState, toWireOperation } from './operation-record.js';
import type { RuntimeStore } from './runtime-store.js';

export interface ReplayOutcome {
  /** What the replayed invocation returned (ERROR when it threw). */
  status: 'SUCCEEDED' | 'FAILED' | 'PENDING' | 'ERROR';
  /** The replay's result, parsed (SUCCEEDED only). */
  result?: unknown;
  error?: string;
  /** Checkpoint updates the replay asked for (a deterministic replay of a finished execution asks for none). */
  updates: Array<{ id: string; name?: string; type: string; action: string; known: boolean }>;
}

/** @example const outcome = await replayExecution(store, handlers.get('prior-auth')!, executionId); */
export async function replayExecution(store: RuntimeStore, handler: DurableHandler, executionId: string): Promise<ReplayOutcome> {
  const exec = store.getExecution(executionId);
  if (!exec) throw new Error(`execution ${executionId} does not exist`);
  const ops = store.loadOperations(executionId);
  const known = new Set(ops.map((o) => o.id));
  const updates: ReplayOutcome['updates'] = [];
  const operations = prunedState(ops).map((o) => toWireOperation(o.id === exec.executionOpId ? { ...o, status: 'STARTED', endTs: undefined } : o));
  const client: DurableExecutionClient = {
    async getExecutionState() {
      return { Operations: operations };
    },
    async checkpoint(params) {
      const batch = (params.Updates ?? []).map((u) => ({ id: u.Id as string, ...(u.Name ? { name: u.Name } : {}), type: String(u.Type), action: String(u.Action), known: known.has(u.Id as string) || u.Type === 'EXECUTION' }));
      updates.push(...batch);
      if (batch.some((u) => !u.known)) throw new DurableExecutionClientError('replay diverged: the history holds no such operation', { scope: 'INVOCATION' });
      return { CheckpointToken: params.CheckpointToken, NewExecutionState: { Operations: [] } };
    },
  };
  try {
    const out = await invokeDurableHandler(handler, {
      executionArn: executionId, checkpointToken: 'replay', operations, updatedOperationIds: [], requestId: `${executionId}#replay`, functionName: exec.handler,
    }, client);
    if (out.Status === 'SUCCEEDED') return { status: 'SUCCEEDED', result: out.Result === undefined ? undefined : JSON.parse(out.Result) as unknown, updates };
    if (out.Status === 'FAILED') return { status: 'FAILED', error: out.Error?.ErrorMessage, updates };
    return { status: 'PENDING', updates };
  } catch (err) {
    return { status: 'ERROR', error: (err as Error).message, updates };
  }
}

/**
 * How one checkpointed OperationUpdate changes an operation: the service's transition
 * rules, mirrored from the testing library's checkpoint-server storage. Pure: it returns the
 * new operation and the side effects (timers, minted callbacks, execution end) for the
 * store to persist in the same transaction.
 */
import type { ErrorObject, OperationUpdate } from '@aws/durable-execution-sdk-js';
import { isoTime, type OperationRecord } from './operation-record.js';

export type TimerKind = 'wait' | 'retry' | 'callback-timeout' | 'callback-heartbeat' | 'invoke' | 'execution-timeout';

export interface UpdateEffects {
  setTimers: { kind: TimerKind; dueAt: number }[];
  clearTimers: boolean;
  mintedCallback?: { callbackId: string; heartbeatSeconds?: number };
  cancelledCallback?: boolean;
  execution?: { status: 'SUCCEEDED' | 'FAILED'; result?: string; error?: ErrorObject };
}

export interface ApplyContext {
  now: number;
  ord: number;
  newCallbackId: () => string;
}

const seconds = (s: number | undefined): number => Math.max(0, s ?? 0) * 1000;

function create(u: OperationUpdate, ctx: ApplyContext, fx: UpdateEffects): OperationRecord {
  const op: OperationRecord = {
    id: u.Id as string,
    type: u.Type!,
    status: 'STARTED',
    startTs: ctx.now,
    details: {},
    ord: ctx.ord,
    seq: 0,
  };
  if (u.ParentId !== undefined) op.parentId = u.ParentId;
  if (u.Name !== undefined) op.name = u.Name;
  if (u.SubType !== undefined) op.subType = u.SubType;
  if (u.Type === 'WAIT') {
    const end = ctx.now + seconds(u.WaitOptions?.WaitSeconds);
    op.details = { ScheduledEndTimestamp: isoTime(end) };
    fx.setTimers.push({ kind: 'wait', dueAt: end });
  } else if (u.Type === 'CALLBACK') {
    const callbackId = ctx.newCallbackId();
    op.details = { CallbackId: callbackId };
    const { TimeoutSeconds: timeout, HeartbeatTimeoutSeconds: heartbeat } = u.CallbackOptions ?? {};
    if (timeout) fx.setTimers.push({ kind: 'callback-timeout', dueAt: ctx.now + seconds(timeout) });
    if (heartbeat) fx.setTimers.push({ kind: 'callback-heartbeat', dueAt: ctx.now + seconds(heartbeat) });
    fx.mintedCallback = heartbeat ? { callbackId, heartbeatSeconds: heartbeat } : { callbackId };
  } else if (u.Type === 'CONTEXT' && u.ContextOptions?.ReplayChildren !== undefined) {
    op.details = { ReplayChildren: u.ContextOptions.ReplayChildren };
  }
  return op;
}

function close(op: OperationRecord, u: OperationUpdate, ctx: ApplyContext, fx: UpdateEffects): void {
  const ok = u.Action === 'SUCCEED';
  op.status = ok ? 'SUCCEEDED' : 'FAILED';
  op.endTs = ctx.now;
  fx.clearTimers = true;
  const outcome = ok ? { Result: u.Payload, Error: undefined } : { Result: undefined, Error: u.Error };
  if (op.type === 'STEP') op.details = { ...op.details, ...outcome, Attempt: Number(op.details.Attempt ?? 0) + 1 };
  if (op.type === 'CONTEXT') {
    const replay = u.ContextOptions?.ReplayChildren ?? op.details.ReplayChildren;
    op.details = { ...outcome, ...(replay !== undefined && { ReplayChildren: replay }) };
  }
  if (op.type === 'EXECUTION') fx.execution = ok ? { status: 'SUCCEEDED', result: u.Payload } : { status: 'FAILED', error: u.Error };
  for (const key of Object.keys(op.details)) if (op.details[key] === undefined) delete op.details[key];
}

/**
 * Applies `u` to `existing` (undefined when the update creates the operation).
 *
 * @example
 * const { op, effects } = applyUpdate({ Id: 'w', Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 60 } }, undefined, ctx);
 * // op.status === 'STARTED'; effects.setTimers = [{ kind: 'wait', dueAt: ctx.now + 60_000 }]
 */
export function applyUpdate(u: OperationUpdate, existing: OperationRecord | undefined, ctx: ApplyContext): { op: OperationRecord; effects: UpdateEffects } {
  const fx: UpdateEffects = { setTimers: [], clearTimers: false };
  const op: OperationRecord = existing ? { ...existing, details: { ...existing.details } } : create(u, ctx, fx);
  switch (u.Action) {
    case 'START':
      op.status = 'STARTED';
      break;
    case 'SUCCEED':
    case 'FAIL':
      close(op, u, ctx, fx);
      break;
    case 'RETRY': {
      const next = ctx.now + seconds(u.StepOptions?.NextAttemptDelaySeconds);
      op.status = 'PENDING';
      op.details = { ...op.details, Attempt: Number(op.details.Attempt ?? 0) + 1, NextAttemptTimestamp: isoTime(next), Result: u.Payload, Error: u.Error };
      for (const key of ['Result', 'Error']) if (op.details[key] === undefined) delete op.details[key];
      fx.setTimers.push({ kind: 'retry', dueAt: next });
      break;
    }
    case 'CANCEL':
      op.status = 'CANCELLED';
      op.endTs = ctx.now;
      fx.clearTimers = true;
      fx.cancelledCallback = op.type === 'CALLBACK';
      break;
  }
  return { op, effects: fx };
}

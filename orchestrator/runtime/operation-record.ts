/**
 * One stored operation and its conversion to the SDK's wire shape. Details are kept as the
 * SDK names them (`StepDetails`, `WaitDetails`, ...), with timestamps as ISO strings, which
 * the SDK's `WireTimestamp` accepts and normalizes.
 */
import type { OperationStatus, OperationType, WireOperation } from '@aws/durable-execution-sdk-js';

export type OperationDetails = Record<string, unknown>;

export interface OperationRecord {
  id: string;
  parentId?: string;
  name?: string;
  type: OperationType;
  subType?: string;
  status: OperationStatus;
  startTs: number;
  endTs?: number;
  /** The type-specific details object (what goes under `StepDetails`, `WaitDetails`, ...). */
  details: OperationDetails;
  /** Insertion order within the execution. */
  ord: number;
  /** Per-execution change counter: lets a checkpoint return only what changed since the caller last saw. */
  seq: number;
}

const DETAILS_KEY: Record<OperationType, keyof WireOperation> = {
  EXECUTION: 'ExecutionDetails',
  CONTEXT: 'ContextDetails',
  STEP: 'StepDetails',
  WAIT: 'WaitDetails',
  CALLBACK: 'CallbackDetails',
  CHAINED_INVOKE: 'ChainedInvokeDetails',
};

export const TERMINAL_STATUSES: readonly OperationStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'STOPPED'];

export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** The operation as the SDK sees it; absent fields are omitted (the SDK compares `Name` with `undefined`). */
export function toWireOperation(op: OperationRecord): WireOperation {
  const wire: WireOperation = {
    Id: op.id,
    Type: op.type,
    Status: op.status,
    StartTimestamp: isoTime(op.startTs),
  };
  if (op.parentId !== undefined) wire.ParentId = op.parentId;
  if (op.name !== undefined) wire.Name = op.name;
  if (op.subType !== undefined) wire.SubType = op.subType;
  if (op.endTs !== undefined) wire.EndTimestamp = isoTime(op.endTs);
  if (Object.keys(op.details).length > 0) (wire as unknown as Record<string, unknown>)[DETAILS_KEY[op.type]] = { ...op.details };
  return wire;
}

/**
 * The state handed to an invocation: the service drops the children of a finished CONTEXT
 * unless it asked to replay them (mirrors the testing library's `getState`).
 */
export function prunedState(ops: readonly OperationRecord[]): OperationRecord[] {
  const byId = new Map(ops.map((o) => [o.id, o]));
  const excluded = new Set<string>();
  const isExcluded = (op: OperationRecord): boolean => {
    if (!op.parentId) return false;
    if (excluded.has(op.id)) return true;
    const parent = byId.get(op.parentId);
    if (!parent || parent.type !== 'CONTEXT') return false;
    const parentDone = parent.status === 'SUCCEEDED' || parent.status === 'FAILED';
    const hidden = (parentDone && !parent.details.ReplayChildren) || isExcluded(parent);
    if (hidden) excluded.add(op.id);
    return hidden;
  };
  return ops.filter((op) => !isExcluded(op));
}

/**
 * The read model of an execution for the API: summary fields plus its operation history in
 * the order operations were created, with timestamps as ISO strings and payloads parsed
 * when they are JSON.
 */
import type { ErrorObject } from '@aws/durable-execution-sdk-js';
import type { ExecutionId } from './ids.js';
import { isoTime, type OperationRecord } from './operation-record.js';
import type { ExecutionRecord, ExecutionStatus } from './runtime-store.js';

export interface ExecutionSummary {
  executionId: ExecutionId;
  name?: string;
  handler: string;
  status: ExecutionStatus;
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
}

export interface OperationView {
  id: string;
  parentId?: string;
  name?: string;
  type: string;
  subType?: string;
  status: string;
  startedAt: string;
  endedAt?: string;
  details: Record<string, unknown>;
}

export interface ExecutionView extends ExecutionSummary {
  summary: ExecutionSummary;
  input: unknown;
  /** The handler's return value (parsed from the SDK's serialized Result). */
  result?: unknown;
  error?: ErrorObject;
  invocations: number;
  operations: OperationView[];
}

/** JSON.parse when it parses, else the raw string (callback results are arbitrary strings). */
export function parseMaybeJson(raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

const toOperationView = (op: OperationRecord): OperationView => ({
  id: op.id,
  ...(op.parentId !== undefined && { parentId: op.parentId }),
  ...(op.name !== undefined && { name: op.name }),
  type: op.type,
  ...(op.subType !== undefined && { subType: op.subType }),
  status: op.status,
  startedAt: isoTime(op.startTs),
  ...(op.endTs !== undefined && { endedAt: isoTime(op.endTs) }),
  details: op.details,
});

export function toExecutionView(e: ExecutionRecord, ops: readonly OperationRecord[]): ExecutionView {
  const summary: ExecutionSummary = {
    executionId: e.id,
    ...(e.name !== undefined && { name: e.name }),
    handler: e.handler,
    status: e.status,
    createdAt: isoTime(e.createdAt),
    updatedAt: isoTime(e.updatedAt),
    ...(e.endedAt !== undefined && { endedAt: isoTime(e.endedAt) }),
  };
  return {
    ...summary,
    summary,
    input: parseMaybeJson(e.input),
    ...(e.result !== undefined && { result: parseMaybeJson(e.result) }),
    ...(e.error !== undefined && { error: e.error }),
    invocations: e.invocation,
    operations: ops.map(toOperationView),
  };
}

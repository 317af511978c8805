/**
 * The CheckpointToken handed to each invocation. Opaque to the SDK; to the runtime it says
 * which execution and invocation is writing (so a stale or dead invocation is fenced) and up
 * to which change counter the caller has seen (so a response carries only what is new).
 */
import { asExecutionId, type ExecutionId } from './ids.js';

export interface CheckpointTokenData {
  executionId: ExecutionId;
  invocation: number;
  generation: number;
  /** Highest operation `seq` the invocation has been sent. */
  seen: number;
  /** How many checkpoints of this invocation came before: a token is good for one checkpoint (AWS consumes each). */
  n: number;
}

export function encodeToken(t: CheckpointTokenData): string {
  return Buffer.from(JSON.stringify([t.executionId, t.invocation, t.generation, t.seen, t.n])).toString('base64url');
}

/** Undefined when the token is not one of ours. */
export function decodeToken(token: string | undefined): CheckpointTokenData | undefined {
  if (!token) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 5 || typeof v[0] !== 'string' || !v.slice(1).every(Number.isInteger)) return undefined;
    return { executionId: asExecutionId(v[0]), invocation: v[1], generation: v[2], seen: v[3], n: v[4] };
  } catch {
    return undefined;
  }
}

/**
 * The invocation running the current code (step code, an SDK timer), as async context. One
 * AsyncLocalStorage for every runtime in the process: each enabled instance taxes every promise
 * the process creates, so a harness running eight runtimes at once paid eight times.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ExecutionId } from './ids.js';

export interface InvocationScope {
  /** The runtime that opened the invocation (runtimes only see their own). */
  readonly owner: object;
  readonly executionId: ExecutionId;
  readonly invocation: number;
  /** The crash switch's generation the invocation opened in: an older one belongs to a dead process. */
  readonly generation: number;
  /** Skip the SDK's suspension cooldown inside this invocation (see suspension-cooldown.ts). */
  readonly skipCooldown: boolean;
  /** Hand WebCrypto results back after the SDK's pending checkpoint flush (see crypto-settle.ts). */
  readonly settleCrypto: boolean;
}

export const invocationScope = new AsyncLocalStorage<InvocationScope>();

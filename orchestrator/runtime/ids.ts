/**
 * Branded identifiers of the runtime. An execution id, a callback id and an operation id are
 * all strings on the wire; the brands keep them from being swapped in runtime code.
 */
import { randomUUID } from 'node:crypto';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** One durable execution; also used as its `DurableExecutionArn`. */
export type ExecutionId = Brand<string, 'ExecutionId'>;
/** The token an external system uses to complete a callback operation. */
export type CallbackId = Brand<string, 'CallbackId'>;

export const asExecutionId = (s: string): ExecutionId => s as ExecutionId;
export const asCallbackId = (s: string): CallbackId => s as CallbackId;

/** Mints fresh ids; injectable so that a seeded harness run gets reproducible ids. */
export type IdGenerator = (kind: 'execution' | 'callback' | 'execution-op') => string;

/** Random ids: unguessable callback tokens are what a real service hands out. */
export const randomIds: IdGenerator = (kind) => {
  const prefix = kind === 'execution' ? 'ex' : kind === 'callback' ? 'cb' : 'op';
  return `${prefix}_${randomUUID()}`;
};

/**
 * Sequential ids for deterministic tests and seeded runs.
 *
 * @example
 * const ids = sequentialIds('run7'); ids('execution'); // 'run7-ex-1'
 */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return (kind) => `${prefix}-${kind === 'execution' ? 'ex' : kind === 'callback' ? 'cb' : 'op'}-${++n}`;
}

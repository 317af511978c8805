/**
 * Where committed simulator state lives between processes. A backend only stores and returns
 * serialized rows grouped in named tables; `write` applies one batch atomically (all of it or
 * none), which is what lets the engine promise that a response is sent only for committed state.
 */

/** One change in a batch: a row written (`value` is its JSON text), a row deleted, a table emptied, or every table. */
export type StateWrite =
  | { readonly op: 'put'; readonly table: string; readonly key: string; readonly value: string }
  | { readonly op: 'delete'; readonly table: string; readonly key: string }
  | { readonly op: 'clear'; readonly table: string }
  | { readonly op: 'clear-all' };

export interface StateBackend {
  /** `file` for SQLite, `memory` for the in-process backend used by contract tests. */
  readonly kind: 'sqlite' | 'memory';
  /** Every committed row of `table`, as [key, JSON text]. */
  load(table: string): [string, string][];
  /** The keys of every committed row of `table`, in insertion order (a paged table's index). */
  keys(table: string): string[];
  /** One committed row's JSON text, by key (a paged table reloading a row it evicted). */
  get(table: string, key: string): string | undefined;
  /** Apply a batch atomically: if iterating it or writing any row throws, nothing of it is kept. */
  write(batch: Iterable<StateWrite>): void;
  close(): void;
}

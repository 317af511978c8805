/**
 * The simulator's state as named tables of records, one per kind of state a system keeps
 * (payer.claims, payer.idempotency, review.tasks, engine.ledger, ...). Reads and writes go to
 * live objects in memory; with a backend, every change is also remembered and `commit()` writes
 * the changed rows in one atomic batch. The engine commits before a response leaves and after
 * each timer, so what a client saw is always what a restart finds. Without a backend (tests,
 * chaos, msw) nothing is serialized and commit costs nothing.
 *
 * A table that grows with traffic (claims, idempotency records, the ledger) can be opened paged:
 * with a backend, its rows live there and only the rows used last stay in memory as live objects
 * (`paged-table.ts`), so memory does not grow with every claim ever stored.
 */
import type { StateBackend, StateWrite } from './state-backend.js';
import { createPagedTable, type PagedTable } from './paged-table.js';

/** How a table's records become JSON and back (default: as they are). */
export interface Codec<T> {
  encode(value: T): unknown;
  decode(raw: unknown, key: string): T;
}

export interface StateTable<T> {
  readonly name: string;
  get(key: string): T | undefined;
  has(key: string): boolean;
  set(key: string, value: T): void;
  /** The record was changed in place: write it again at the next commit. */
  touch(key: string): void;
  delete(key: string): boolean;
  /** Records in insertion order (kept across restarts). */
  values(): IterableIterator<T>;
  entries(): IterableIterator<[string, T]>;
  readonly size: number;
  clear(): void;
}

export interface TableOptions {
  /**
   * With a backend, keep at most this many rows as live objects after each commit; the others
   * are read from it by key again. A row used since the last commit always stays live, so within
   * a request or a timer a key gives one object; a record must not be kept across a commit to
   * be changed later (keep its key).
   */
  cached?: number;
}

export interface StateStore {
  /** Whether commits reach a backend (a data directory is in use). */
  readonly durable: boolean;
  /** The table `name`, loaded from the backend on first use; the same object on every call. */
  table<T>(name: string, codec?: Codec<T>, options?: TableOptions): StateTable<T>;
  /** Whether the backend held any committed row when this store was opened. */
  readonly resumed: boolean;
  /** Runs first in every commit: publish state kept outside tables (clock, RNG positions). */
  onCommit(hook: () => void): void;
  /** Write every change since the last commit, atomically. */
  commit(): void;
  /** Empty every table (a simulator reset). */
  clearAll(): void;
  close(): void;
}

const identity: Codec<never> = { encode: (v) => v, decode: (raw) => raw as never };

/**
 * @example
 * const store = createStateStore(createMemoryBackend());
 * store.table<number>('counters').set('a', 1);
 * store.commit();
 */
export function createStateStore(backend?: StateBackend, options: { resumedTables?: readonly string[]; /** Caps every paged table's live rows (tests force eviction with a small one). */ maxCached?: number } = {}): StateStore {
  const tables = new Map<string, { table: StateTable<unknown>; codec: Codec<unknown> }>();
  const paged: PagedTable<unknown>[] = [];
  const dirty = new Map<string, Set<string>>();
  const cleared = new Set<string>();
  const hooks: (() => void)[] = [];
  const mark = backend
    ? (table: string, key: string) => {
        let keys = dirty.get(table);
        if (!keys) dirty.set(table, (keys = new Set()));
        keys.add(key);
      }
    : () => {};
  const resumed = backend ? (options.resumedTables ?? ['engine.meta']).some((t) => backend.load(t).length > 0) : false;

  function makeTable<T>(name: string, codec: Codec<T>): StateTable<T> {
    const rows = new Map<string, T>();
    // rows loaded from the backend are parsed when first read: a restart with many claims is ready sooner
    const unparsed = new Map<string, string>();
    const PENDING = undefined as unknown as T;
    if (backend) {
      for (const [key, text] of backend.load(name)) {
        rows.set(key, PENDING);
        unparsed.set(key, text);
      }
    }
    const read = (key: string): T | undefined => {
      const text = unparsed.get(key);
      if (text === undefined) return rows.get(key);
      unparsed.delete(key);
      const value = codec.decode(JSON.parse(text), key);
      rows.set(key, value);
      return value;
    };
    const parseAll = () => {
      for (const key of [...unparsed.keys()]) read(key);
    };
    return {
      name,
      get: read,
      has: (key) => rows.has(key),
      set(key, value) {
        unparsed.delete(key);
        rows.set(key, value);
        mark(name, key);
      },
      touch(key) {
        if (rows.has(key)) mark(name, key);
      },
      delete(key) {
        unparsed.delete(key);
        const had = rows.delete(key);
        if (had) mark(name, key);
        return had;
      },
      values: () => (parseAll(), rows.values()),
      entries: () => (parseAll(), rows.entries()),
      get size() {
        return rows.size;
      },
      clear() {
        rows.clear();
        unparsed.clear();
        if (!backend) return;
        dirty.delete(name);
        cleared.add(name);
      },
    };
  }

  function* batch(): Generator<StateWrite> {
    if (cleared.has('*')) yield { op: 'clear-all' };
    else for (const table of cleared) yield { op: 'clear', table };
    for (const [table, keys] of dirty) {
      const entry = tables.get(table)!;
      for (const key of keys) {
        const value = entry.table.has(key) ? entry.table.get(key) : undefined;
        if (value === undefined) yield { op: 'delete', table, key };
        else yield { op: 'put', table, key, value: JSON.stringify(entry.codec.encode(value)) };
      }
    }
  }

  return {
    durable: !!backend,
    resumed,
    table<T>(name: string, codec?: Codec<T>, tableOptions: TableOptions = {}): StateTable<T> {
      let entry = tables.get(name);
      if (!entry) {
        const c = (codec ?? identity) as Codec<unknown>;
        if (backend && tableOptions.cached !== undefined) {
          const cached = Math.min(tableOptions.cached, options.maxCached ?? Infinity);
          const table = createPagedTable(name, c, backend, cached, {
            mark: (key) => mark(name, key),
            isDirty: (key) => dirty.get(name)?.has(key) ?? false,
            cleared: () => {
              dirty.delete(name);
              cleared.add(name);
            },
          });
          paged.push(table);
          entry = { table, codec: c };
        } else entry = { table: makeTable(name, c), codec: c };
        tables.set(name, entry);
      }
      return entry.table as StateTable<T>;
    },
    onCommit(hook) {
      hooks.push(hook);
    },
    commit() {
      if (!backend) return;
      for (const h of hooks) h();
      if (dirty.size > 0 || cleared.size > 0) {
        backend.write(batch());
        dirty.clear();
        cleared.clear();
      }
      // every row is committed now: paged tables keep only the rows used last
      for (const t of paged) t.trim();
    },
    clearAll() {
      for (const { table } of tables.values()) table.clear();
      // tables not opened in this process may hold rows too
      if (backend) cleared.add('*');
    },
    close() {
      backend?.close();
    },
  };
}

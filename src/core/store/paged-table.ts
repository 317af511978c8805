/**
 * A state table whose rows live in the backend, with only the rows used last kept in memory as
 * live objects: what keeps a data-directory simulator's memory flat however many claims it
 * stores. Every key stays in memory (insertion order, `has`, `size`); a row's value is either
 * live, or evicted and read again from the backend by key.
 *
 * Rows are evicted only at a commit, and only rows the commit has just written or that were
 * clean: every row read or changed since the last commit stays live until the next one, so
 * within a request or a timer (the engine commits after each) a key always gives the same
 * object and an in-place change followed by `touch` is never lost. The rule for code that uses a
 * paged table: never keep a record across a commit to change it later (an await that lets other
 * requests run, a timer); keep its key and read it again. A `touch` of a row evicted meanwhile
 * breaks that rule and throws rather than losing the change. (WeakRefs could hand back a record
 * still held, but V8 keeps every WeakRef target alive until the current job ends, and an
 * in-process driver such as the harness or the bench runs thousands of requests in one job.)
 */
import type { Codec, StateTable } from './state-store.js';
import type { StateBackend } from './state-backend.js';

/** An evicted row: read it from the backend. */
const GONE: unique symbol = Symbol('gone');

export interface PagedTable<T> extends StateTable<T> {
  /** After a commit: evict the least recently used rows beyond the cache size (dirty ones stay). */
  trim(): void;
}

interface Hooks {
  mark(key: string): void;
  isDirty(key: string): boolean;
  /** The table was emptied: forget its dirty keys and clear it in the backend at the next commit. */
  cleared(): void;
}

export function createPagedTable<T>(name: string, codec: Codec<T>, backend: StateBackend, cached: number, hooks: Hooks): PagedTable<T> {
  if (!(cached >= 1)) throw new Error(`paged table ${name}: cache size must be at least 1, got ${cached}`);
  /** Every key, in insertion order, with its live value or GONE. */
  const slots = new Map<string, T | typeof GONE>();
  /** Keys of live rows, least recently used first. */
  const recent = new Set<string>();
  let newest: string | undefined;
  for (const key of backend.keys(name)) slots.set(key, GONE);

  const use = (key: string) => {
    if (newest === key) return;
    // delete + add moves the key to the end; the hot key polled again and again skips it
    recent.delete(key);
    recent.add(key);
    newest = key;
  };

  const trim = () => {
    if (recent.size <= cached) return;
    for (const key of recent) {
      if (recent.size <= cached) break;
      if (hooks.isDirty(key)) continue;
      recent.delete(key);
      if (newest === key) newest = undefined;
      slots.set(key, GONE);
    }
  };

  const get = (key: string): T | undefined => {
    const slot = slots.get(key);
    if (slot === undefined) return undefined;
    if (slot !== GONE) {
      use(key);
      return slot;
    }
    const text = backend.get(name, key);
    // only committed rows are evicted, so the backend has it; a missing row was deleted elsewhere
    if (text === undefined) {
      slots.delete(key);
      return undefined;
    }
    const value = codec.decode(JSON.parse(text), key);
    slots.set(key, value);
    use(key);
    return value;
  };

  function* entries(): Generator<[string, T]> {
    for (const key of slots.keys()) {
      const value = get(key);
      if (value !== undefined) yield [key, value];
    }
  }

  return {
    name,
    get,
    has: (key) => slots.has(key),
    set(key, value) {
      slots.set(key, value);
      use(key);
      hooks.mark(key);
    },
    touch(key) {
      const slot = slots.get(key);
      if (slot === undefined) return;
      if (slot === GONE) throw new Error(`${name}: row ${key} was changed through a record kept across a commit; keep its key and read it again`);
      hooks.mark(key);
    },
    delete(key) {
      if (!slots.delete(key)) return false;
      recent.delete(key);
      if (newest === key) newest = undefined;
      hooks.mark(key);
      return true;
    },
    values: function* () {
      for (const [, value] of entries()) yield value;
    },
    entries,
    get size() {
      return slots.size;
    },
    clear() {
      slots.clear();
      recent.clear();
      newest = undefined;
      hooks.cleared();
    },
    trim,
  };
}

/**
 * A state table whose rows live in the backend, with only the rows used last kept in memory as
 * live objects: what keeps a data-directory simulator's memory flat however many claims it
 * stores. Every key stays in memory (insertion order, `has`, `size`); a row's value is either
 * live, or evicted and read again from the backend by key.
 *
 * Two rules keep in-place changes safe. A dirty row (set or touched since the last commit) is
 * never evicted: the backend does not have its change yet. And an evicted row is remembered
 * through a WeakRef: while anybody still holds the object (a handler across an await, a
 * listener), reading or touching its key hands back that same object, never a second copy from
 * the backend that would fork the record. Only a row nobody holds is read again; being clean,
 * it is exactly what was committed.
 */
import type { Codec, StateTable } from './state-store.js';
import type { StateBackend } from './state-backend.js';

/** An evicted row of a primitive value, or one whose object was collected: read it from the backend. */
const GONE: unique symbol = Symbol('gone');
type Slot<T> = T | WeakRef<object> | typeof GONE;

export interface PagedTable<T> extends StateTable<T> {
  /** Evict clean rows beyond the cache size (after a commit, when dirty rows became clean). */
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
  /** Every key, in insertion order, with its live value or how to get it back. */
  const slots = new Map<string, Slot<T>>();
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

  const evict = (key: string, value: T) => {
    recent.delete(key);
    if (newest === key) newest = undefined;
    slots.set(key, typeof value === 'object' && value !== null ? new WeakRef(value as object) : GONE);
  };

  /** Evict least recently used clean rows until the cache fits (dirty ones stay, whatever the count). */
  const trim = () => {
    if (recent.size <= cached) return;
    for (const key of recent) {
      if (recent.size <= cached) break;
      if (hooks.isDirty(key)) continue;
      evict(key, slots.get(key) as T);
    }
  };

  const adopt = (key: string, value: T) => {
    slots.set(key, value);
    use(key);
    trim();
  };

  /** The live object of an evicted key still held somewhere, if any. */
  const held = (slot: Slot<T> | undefined): T | undefined => (slot instanceof WeakRef ? (slot.deref() as T | undefined) : undefined);

  const get = (key: string): T | undefined => {
    const slot = slots.get(key);
    if (slot === undefined) return undefined;
    if (slot !== GONE && !(slot instanceof WeakRef)) {
      use(key);
      return slot;
    }
    let value = held(slot);
    if (value === undefined) {
      const text = backend.get(name, key);
      // committed rows are the only ones evicted, so the backend has it; a missing row is a row deleted elsewhere
      if (text === undefined) {
        slots.delete(key);
        return undefined;
      }
      value = codec.decode(JSON.parse(text), key);
    }
    adopt(key, value);
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
      hooks.mark(key);
      adopt(key, value);
    },
    touch(key) {
      const slot = slots.get(key);
      if (slot === undefined || slot === GONE) return;
      if (slot instanceof WeakRef) {
        // changed through a reference held since it was evicted: take it back, as it is now
        const value = held(slot);
        if (value === undefined) return;
        hooks.mark(key);
        adopt(key, value);
        return;
      }
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

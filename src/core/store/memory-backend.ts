/**
 * A backend that keeps committed rows in this process. The simulator does not use it on its own
 * (without a data directory nothing is serialized at all); it exists so the store's contract
 * tests and crash tests run over two implementations, and a "restart" can be simulated by
 * building a new store over the same backend.
 */
import type { StateBackend, StateWrite } from './state-backend.js';

export function createMemoryBackend(): StateBackend {
  const tables = new Map<string, Map<string, string>>();
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = new Map()));
    return t;
  };
  return {
    kind: 'memory',
    load: (name) => [...(tables.get(name) ?? new Map<string, string>()).entries()],
    keys: (name) => [...(tables.get(name)?.keys() ?? [])],
    get: (name, key) => tables.get(name)?.get(key),
    write(batch) {
      // collect first: a batch that throws half-way leaves nothing behind, as a rolled-back transaction would
      const ops: StateWrite[] = [...batch];
      for (const w of ops) {
        if (w.op === 'put') table(w.table).set(w.key, w.value);
        else if (w.op === 'delete') tables.get(w.table)?.delete(w.key);
        else if (w.op === 'clear') tables.get(w.table)?.clear();
        else tables.clear();
      }
    },
    close() {},
  };
}

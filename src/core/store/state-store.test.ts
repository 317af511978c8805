/**
 * The store's contract, run over both backends: what was committed is what a new store over the
 * same backend finds; what was not committed is gone; a batch that fails half-way leaves nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBackend } from './memory-backend.js';
import { openSqliteBackend } from './sqlite-backend.js';
import type { StateBackend } from './state-backend.js';
import { createStateStore, type Codec } from './state-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A backend and a way to reopen it as a restarted process would. */
const backends: [string, () => { backend: StateBackend; reopen: () => StateBackend }][] = [
  ['memory', () => {
    const backend = createMemoryBackend();
    return { backend, reopen: () => backend };
  }],
  ['sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-store-'));
    dirs.push(dir);
    const file = join(dir, 'simulator.sqlite');
    const backend = openSqliteBackend(file);
    return { backend, reopen: () => (backend.close(), openSqliteBackend(file)) };
  }],
];

describe.each(backends)('state store over the %s backend', (_name, make) => {
  it('a reopened store finds committed rows, in insertion order, and not uncommitted ones', () => {
    const { backend, reopen } = make();
    const store = createStateStore(backend);
    const t = store.table<{ n: number }>('t');
    t.set('b', { n: 1 });
    t.set('a', { n: 2 });
    t.set('c', { n: 3 });
    store.commit();
    t.get('b')!.n = 10;
    t.touch('b');
    t.delete('c');
    store.commit();
    t.set('uncommitted', { n: 4 });
    t.get('a')!.n = 20;
    t.touch('a');

    const again = createStateStore(reopen()).table<{ n: number }>('t');
    expect([...again.entries()]).toEqual([['b', { n: 10 }], ['a', { n: 2 }]]);
  });

  it('clearAll empties every table, opened in this process or not', () => {
    const { backend, reopen } = make();
    const first = createStateStore(backend);
    first.table('x').set('1', 1);
    first.table('y').set('1', 2);
    first.commit();
    const second = createStateStore(reopen());
    expect(second.resumed).toBe(false);
    second.table('x');
    second.clearAll();
    second.table('x').set('2', 3);
    second.commit();
    const third = createStateStore(backend.kind === 'memory' ? backend : reopen());
    expect([...third.table('x').entries()]).toEqual([['2', 3]]);
    expect(third.table('y').size).toBe(0);
  });

  it('a batch that fails half-way keeps nothing of it', () => {
    const { backend, reopen } = make();
    const store = createStateStore(backend);
    store.table('t').set('kept', 1);
    store.commit();
    const failing: StateBackend = {
      ...backend,
      write: (batch) => backend.write((function* () {
        let n = 0;
        for (const w of batch) {
          if (++n === 2) throw new Error('crash mid-transaction');
          yield w;
        }
      })()),
    };
    const crashing = createStateStore(failing);
    const t = crashing.table<number>('t');
    t.set('a', 1);
    t.set('b', 2);
    expect(() => crashing.commit()).toThrow('crash mid-transaction');
    expect([...createStateStore(reopen()).table('t').entries()]).toEqual([['kept', 1]]);
  });

  it('commit hooks run first, and a codec shapes what is stored', () => {
    const { backend, reopen } = make();
    const codec: Codec<{ when: Date }> = { encode: (v) => v.when.getTime(), decode: (raw) => ({ when: new Date(raw as number) }) };
    const store = createStateStore(backend, { resumedTables: ['t'] });
    let ticks = 0;
    store.onCommit(() => store.table<number>('meta').set('ticks', ++ticks));
    store.table('t', codec).set('k', { when: new Date(1000) });
    store.commit();
    const again = createStateStore(reopen(), { resumedTables: ['t'] });
    expect(again.resumed).toBe(true);
    expect(again.table('t', codec).get('k')).toEqual({ when: new Date(1000) });
    expect(again.table('meta').get('ticks')).toBe(1);
  });

  it('without a backend nothing is kept and commit is free', () => {
    const store = createStateStore();
    store.table('t').set('a', 1);
    store.commit();
    expect(store.durable).toBe(false);
    expect(store.table('t').get('a')).toBe(1);
  });
});

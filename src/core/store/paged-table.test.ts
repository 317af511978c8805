/**
 * Paged tables: rows beyond the cache are read back from the backend by key, a dirty row is never
 * evicted, a row used since the last commit stays the one object until the next, and a change
 * through a record kept across a commit is refused rather than lost.
 */
import { createMemoryBackend } from './memory-backend.js';
import type { StateBackend } from './state-backend.js';
import { createStateStore } from './state-store.js';

function counting() {
  const inner = createMemoryBackend();
  const gets: string[] = [];
  const backend: StateBackend = { ...inner, get: (t, k) => (gets.push(k), inner.get(t, k)) };
  return { backend, gets };
}

describe('paged state table', () => {
  it('reads evicted rows back by key, keeping insertion order, size, deletes and clears', () => {
    const { backend, gets } = counting();
    const store = createStateStore(backend);
    const t = store.table<string>('ids', undefined, { cached: 2 });
    for (const k of ['a', 'b', 'c', 'd']) t.set(k, `v-${k}`);
    store.commit();
    expect(gets).toEqual([]);
    expect(t.get('a')).toBe('v-a');
    expect(t.get('b')).toBe('v-b');
    expect(gets).toEqual(['a', 'b']);
    expect(t.get('b')).toBe('v-b'); // live now
    expect(gets).toEqual(['a', 'b']);
    expect(t.delete('c')).toBe(true);
    expect(t.has('c')).toBe(false);
    expect(t.size).toBe(3);
    store.commit();
    expect([...t.entries()]).toEqual([['a', 'v-a'], ['b', 'v-b'], ['d', 'v-d']]);

    const again = createStateStore(backend).table<string>('ids', undefined, { cached: 1 });
    expect([...again.entries()].map(([k]) => k)).toEqual(['a', 'b', 'd']);
    expect(again.get('d')).toBe('v-d');
    again.clear();
    expect(again.size).toBe(0);
    expect(again.get('a')).toBeUndefined();
  });

  it('never evicts a dirty row: what was set before a commit is written by it', () => {
    const { backend, gets } = counting();
    const store = createStateStore(backend);
    const t = store.table<{ n: number }>('t', undefined, { cached: 1 });
    for (let n = 0; n < 5; n++) t.set(`k${n}`, { n });
    for (let n = 0; n < 5; n++) expect(t.get(`k${n}`)).toEqual({ n });
    expect(gets).toEqual([]);
    store.commit();
    expect([...createStateStore(backend).table('t').entries()]).toEqual([0, 1, 2, 3, 4].map((n) => [`k${n}`, { n }]));
  });

  it('keeps every row used since the last commit as one object, and refuses a change through a record kept across one', () => {
    const { backend, gets } = counting();
    const store = createStateStore(backend);
    const t = store.table<{ n: number }>('t', undefined, { cached: 1 });
    for (let n = 0; n < 4; n++) t.set(`k${n}`, { n });
    store.commit(); // k0..k2 evicted
    const k0 = t.get('k0')!;
    for (let n = 1; n < 4; n++) t.get(`k${n}`);
    expect(t.get('k0')).toBe(k0); // not evicted before the commit
    expect(gets).toEqual(['k0', 'k1', 'k2']);
    k0.n = 10;
    t.touch('k0');
    store.commit();
    expect(createStateStore(backend).table('t').get('k0')).toEqual({ n: 10 });
    // k3 read and committed: k0 is now the least recently used and evicted, so a change through `k0` would be lost
    t.get('k3');
    store.commit();
    expect(() => t.touch('k0')).toThrow('kept across a commit');
    expect(t.get('k0')).toEqual({ n: 10 });
  });

  it('pages only with a backend: without one every row stays in memory', () => {
    const t = createStateStore().table<{ n: number }>('t', undefined, { cached: 1 });
    const a = { n: 1 };
    t.set('a', a);
    t.set('b', { n: 2 });
    expect(t.get('a')).toBe(a);
  });
});

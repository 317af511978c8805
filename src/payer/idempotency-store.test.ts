import { VirtualClock } from '../core/clock.js';
import { createMemoryBackend } from '../core/store/memory-backend.js';
import { createStateStore } from '../core/store/state-store.js';
import { IdempotencyStore, type StoredResponse } from './idempotency-store.js';

const HOUR = 3_600_000;
const big: StoredResponse = { status: 200, headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Bundle', entry: Array.from({ length: 100 }, (_, i) => ({ id: `entry-${i}`, display: 'synthetic' })) }) };
const small: StoredResponse = { status: 200, headers: {}, body: '{"ok":true}' };

function finish(store: IdempotencyStore, key: string, response = small) {
  store.begin('client', key);
  store.finish('client', key, 'fp', 'sys|1', response);
}

describe('IdempotencyStore', () => {
  it('answers a large body from its compact form, and again after a restart from the stored row', () => {
    const backend = createMemoryBackend();
    const state = createStateStore(backend);
    const clock = new VirtualClock();
    const store = new IdempotencyStore(clock, 24 * HOUR, state);
    expect(big.body.length).toBeGreaterThan(1024);
    finish(store, 'k-big', big);
    finish(store, 'k-small', small);
    state.commit();
    const row = JSON.parse(backend.load('payer.idempotency').find(([k]) => k.endsWith('k-big'))![1]) as { response: { deflated?: unknown; body?: unknown } };
    expect(typeof row.response.deflated).toBe('string');
    expect(row.response.body).toBeUndefined();

    const after = new IdempotencyStore(clock, 24 * HOUR, createStateStore(backend));
    for (const [key, response] of [['k-big', big], ['k-small', small]] as const) {
      const rec = after.get('client', key);
      expect(rec?.state === 'done' && rec.response).toEqual(response);
    }
  });

  it('forgets records past their TTL on the simulator clock, and the sweep drops every expired one and keeps every live one', () => {
    const clock = new VirtualClock();
    const state = createStateStore();
    const store = new IdempotencyStore(clock, 24 * HOUR, state);
    for (let i = 0; i < 300; i++) finish(store, `old-${i}`);
    clock.advance(23 * HOUR);
    for (let i = 0; i < 100; i++) finish(store, `new-${i}`);
    const table = state.table('payer.idempotency');
    expect(table.size).toBe(400);
    // the old ones are past their day, the new ones are not
    clock.advance(2 * HOUR);
    expect(store.get('client', 'old-0')).toBeUndefined();
    expect(store.get('client', 'new-0')?.state).toBe('done');
    // the next sweep (every 256 begins) drops every expired record and keeps every live one
    for (let i = 0; i < 256; i++) finish(store, `later-${i}`);
    expect([...table.entries()].filter(([k]) => k.includes('old-'))).toEqual([]);
    expect([...table.entries()].filter(([k]) => k.includes('new-')).length).toBe(100);
  });
});

/**
 * With a data directory, claims, idempotency records, business-identifier rows and ledger entries
 * live in the store and only the rows used last stay in memory. Forced down to two live rows per
 * table, a simulator must answer every request byte for byte as one that keeps everything in
 * memory: submits, replays, inquiries of long-evicted claims (by identifier and by patient +
 * provider), pends resolved by timers that fire on evicted claims, an admin release, the ledger
 * and the claim list, and the same again after a restart on the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../src/core/clock.js';
import { openSqliteBackend } from '../../src/core/store/sqlite-backend.js';
import type { StateBackend } from '../../src/core/store/state-backend.js';
import { createStateStore } from '../../src/core/store/state-store.js';
import { createSimulator, type Simulator } from '../../src/simulator.js';
import type { SimulatorConfigInput } from '../../src/contracts/config.js';
import { meetsCriteria, pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { inquire, inquiryBundle, submit } from '../../src/payer/testing/payer-client.js';

const dir = mkdtempSync(join(tmpdir(), 'paged-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG: SimulatorConfigInput = { seed: 5, payer: { rules: { '72148': { decision: 'A4', pendSeconds: 3600, finalDecision: 'A1' } } } };
const N = 24;
// built once: the fixture numbers its resources per call, and both simulators must see the same bytes
const bundles = Array.from({ length: N }, (_, i) =>
  pasBundle({ procedure: i % 3 === 0 ? 'totalKnee' : 'lumbarMri', evidence: meetsCriteria(i % 3 === 0 ? 'totalKnee' : 'lumbarMri'), patientId: `pat-${i % 4}`, claimId: `C-${i}`, bundleId: `B-${i}` }));
const byClaimId = (i: number) => inquiryBundle({ identifier: [{ system: 'urn:trnorg:1234567890', value: `C-${i}` }] });
const byParties = (i: number) => inquiryBundle({ patient: { reference: `Patient/pat-${i % 4}` }, provider: { reference: 'Practitioner/dr-1' } });

/** Counts the rows read back by key: proof that rows were evicted and reloaded. */
function counting(inner: StateBackend) {
  let reads = 0;
  return { backend: { ...inner, get: (t: string, k: string) => (reads++, inner.get(t, k)) } satisfies StateBackend, reads: () => reads };
}

const text = async (res: Response) => `${res.status} ${res.headers.get('idempotent-replayed') ?? '-'} ${await res.text()}`;
const get = async (sim: Simulator, path: string) => text(await sim.handle(new Request(`http://sim.test${path}`)));

/** Everything a client can see; the same steps on both simulators. */
async function firstPart(sim: Simulator, clock: VirtualClock): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < N; i++) {
    seen.push(await text(await submit(sim, bundles[i], { 'idempotency-key': `k-${i}` })));
    if (i >= 5) seen.push(await text(await submit(sim, bundles[i - 5], { 'idempotency-key': `k-${i - 5}` })));
    if (i >= 7) seen.push(await text(await inquire(sim, byClaimId(i - 7))));
    if (i % 5 === 4) seen.push(await text(await inquire(sim, byParties(i))));
    await clock.advance(5 * 60_000);
  }
  // the first pends are due (timers fire on claims long evicted); release one still pended
  await clock.advance(40 * 60_000);
  seen.push(await text(await inquire(sim, byClaimId(1))));
  seen.push(await text(await sim.handle(new Request('http://sim.test/__admin/claims/C-22/release', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'A3', reason: 'peer review' }) }))));
  seen.push(await get(sim, '/__admin/claims'), await get(sim, '/__admin/ledger'));
  return seen;
}

async function secondPart(sim: Simulator, clock: VirtualClock): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < N; i += 3) {
    seen.push(await text(await submit(sim, bundles[i], { 'idempotency-key': `k-${i}` })));
    seen.push(await text(await inquire(sim, byClaimId(i))));
    seen.push(await text(await inquire(sim, byParties(i))));
  }
  await clock.advance(2 * 3600_000);
  for (let i = 0; i < N; i += 2) seen.push(await text(await inquire(sim, byClaimId(i))));
  seen.push(await get(sim, '/__admin/claims'), await get(sim, '/__admin/ledger'));
  return seen;
}

describe('paged state tables (two live rows per table, SQLite)', () => {
  it('answer as the in-memory simulator does, before and after a restart', async () => {
    const refClock = new VirtualClock();
    const reference = createSimulator({ config: CONFIG, clock: refClock });
    const expectedFirst = await firstPart(reference, refClock);
    const expectedSecond = await secondPart(reference, refClock);

    const file = join(dir, 'simulator.sqlite');
    const clock = new VirtualClock();
    const first = counting(openSqliteBackend(file));
    const paged = createSimulator({ config: CONFIG, clock, store: createStateStore(first.backend, { maxCached: 2 }) });
    expect(await firstPart(paged, clock)).toEqual(expectedFirst);
    expect(first.reads()).toBeGreaterThan(0);
    paged.close();

    const later = new VirtualClock(clock.now());
    const second = counting(openSqliteBackend(file));
    const restarted = createSimulator({ config: { seed: 1 }, clock: later, store: createStateStore(second.backend, { maxCached: 2 }) });
    expect(restarted.resumed).toBe(true);
    expect(await secondPart(restarted, later)).toEqual(expectedSecond);
    expect(second.reads()).toBeGreaterThan(0);
    restarted.close();
  });
});

/**
 * Memory of the simulator core, in process (`sim.handle`, the same engine `serve` runs; no
 * sockets, so the figures are the simulator's own and not the HTTP stack's).
 *
 * `claim`: live heap per stored `$submit` (after GC and pending finalizers), with every structure
 * the submit leaves behind, then without the idempotency records once they expired and were
 * swept on the simulator clock (the claim alone). `mixed`: RSS growth over REQUESTS mixed
 * requests of which CLAIMS are unique `$submit`s (the rest `$inquire` by identifier, EHR reads,
 * repeated submits), and `read-only`: the same count of reads only. Anchor: RSS after a warm-up
 * of 5% of the requests (at most 20,000), once V8 has sized its heap to the load.
 * Arguments: [claims for the per-claim figure] [requests] [unique claims in the mixed run]
 * [runs: both | mixed | read-only] [store: memory | durable]. `durable` gives every simulator a
 * data directory of its own (a temporary one, removed at the end), as `serve --data DIR` runs:
 * claims, idempotency records and ledger entries then live in SQLite, with only the rows used
 * last in memory. After each run, RSS is read at once and again 5 s after the load stopped: RSS
 * falls in those seconds (memory the process frees lazily once the load's garbage is collected)
 * and then stays, so the second figure is what the load leaves behind.
 */
import { createSimulator } from '../src/simulator.js';
import { VirtualClock } from '../src/core/clock.js';
import { meetsCriteria, pasBundle } from '../src/payer/testing/pas-fixtures.js';
import { numberedClaim } from './numbered-claim.js';
import { inquire, inquiryBundle, submit } from '../src/payer/testing/payer-client.js';
import { getHeapSpaceStatistics } from 'node:v8';
import { emit } from './shapes.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore } from '../src/core/store/open-state-store.js';
import type { StateStore } from '../src/core/store/state-store.js';

const [PER_CLAIM, REQUESTS, CLAIMS] = [process.argv[2] ?? '5000', process.argv[3] ?? '1000000', process.argv[4] ?? '50000'].map(Number) as [number, number, number];
const gcOnce = (globalThis as { gc?: () => void }).gc;
if (!gcOnce) throw new Error('run with --expose-gc (bench/run.ts does)');
const MB = 1024 * 1024;
const STORE = process.argv[6] ?? 'memory';
if (STORE !== 'memory' && STORE !== 'durable') throw new Error(`store: memory or durable, not ${STORE}`);
const dataDirs: string[] = [];
process.on('exit', () => dataDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
// an interrupted run removes its directories too
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
/** Submits before the per-claim figure's anchor: more than a paged table keeps live (2,048). */
const WARM_CLAIMS = 3000;
const WARM_UP = Math.min(20_000, Math.floor(REQUESTS / 20));
/** Idle time after the load before RSS is read again (wall clock: V8's own timers return the pages). */
const SETTLE_MS = 5000;

/** GC until finalizers (undici's per-Request signal registry) have run, then the live heap. */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gcOnce!();
    await new Promise((r) => setTimeout(r, 10));
  }
  return process.memoryUsage().heapUsed;
}

const bundleOf = numberedClaim.bundle;
/** The simulators being measured: held here so V8 cannot collect one before its heap is read (it did: −12 MB for 50,000 claims). */
const measured: unknown[] = [];
async function newSim() {
  const clock = new VirtualClock();
  let store: StateStore | undefined;
  if (STORE === 'durable') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
    dataDirs.push(dir);
    store = await openStateStore(dir);
  }
  const sim = createSimulator({ config: { seed: 1, journal: { capacity: 1000 } }, clock, ...(store ? { store } : {}) });
  measured.push(sim);
  return { clock, sim };
}
async function ok(res: Response, what: string) {
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}
async function submitNew(sim: Awaited<ReturnType<typeof newSim>>['sim'], i: number) {
  await ok(await submit(sim, bundleOf(i), { 'idempotency-key': `k-${i}` }), 'submit');
}

// 1. Heap per stored claim.
const claim = await (async () => {
  const { sim, clock } = await newSim();
  // warm-up: caches, the journal and (with a data directory) the live rows of paged tables fill
  for (let i = 0; i < WARM_CLAIMS; i++) await submitNew(sim, i);
  const h0 = await settledHeap();
  const b0 = process.memoryUsage().arrayBuffers;
  for (let i = WARM_CLAIMS; i < WARM_CLAIMS + PER_CLAIM; i++) await submitNew(sim, i);
  const h1 = await settledHeap();
  // deflated bodies are ArrayBuffers: memory outside the JS heap, but the claim's all the same
  const b1 = process.memoryUsage().arrayBuffers;
  // past the idempotency TTL (24 h by default): the next submits sweep every expired record
  clock.advance(25 * 3_600_000);
  for (let i = WARM_CLAIMS + PER_CLAIM; i < WARM_CLAIMS + PER_CLAIM + 512; i++) await submitNew(sim, i);
  const h2 = await settledHeap();
  const b2 = process.memoryUsage().arrayBuffers;
  sim.close();
  measured.length = 0;
  return { claims: PER_CLAIM, bytesPerClaim: Math.round((h1 - h0) / PER_CLAIM), bytesPerClaimWithoutIdempotency: Math.round((h2 - h0) / (PER_CLAIM + 512)), bufferBytesPerClaim: Math.round((b1 - b0) / PER_CLAIM), bufferBytesPerClaimWithoutIdempotency: Math.round((b2 - b0) / (PER_CLAIM + 512)), requestBundleJsonBytes: JSON.stringify(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') })).length };
})();

// 2. RSS over many requests, mixed and read-only, each on a fresh simulator.
async function rssRun(kind: 'mixed' | 'read-only') {
  const { sim } = await newSim();
  const seedClaims = kind === 'mixed' ? 100 : 1000;
  for (let i = 0; i < seedClaims; i++) await submitNew(sim, i);
  let heap0 = await settledHeap();
  let rss0 = process.memoryUsage().rss;
  const curve: number[] = [];
  /** V8's committed heap at the same points: RSS minus this is native memory (SQLite, malloc, buffers). */
  const heapCurve: number[] = [];
  let stored = seedClaims;
  const submitEvery = kind === 'mixed' ? Math.max(1, Math.floor(REQUESTS / CLAIMS)) : Infinity;
  let peak = rss0;
  for (let n = 0; n < REQUESTS; n++) {
    if (n % submitEvery === 0 && stored < seedClaims + CLAIMS) await submitNew(sim, stored++);
    else if (n % 4 === 0) await ok(await sim.handle(new Request('http://sim.test/ehr/fhir/Patient/pat-lumbar-meets')), 'ehr read');
    else if (n % 4 === 1 && kind === 'mixed') await ok(await submit(sim, bundleOf(n % stored), { 'idempotency-key': `k-${n % stored}` }), 'repeat submit');
    else {
      await ok(await inquire(sim, inquiryBundle({ identifier: [{ system: 'urn:trnorg:1234567890', value: `CLM-${n % stored}` }] })), 'inquire');
    }
    if (n % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    if (n === WARM_UP) {
      // V8 sizes its heap to the load in the first requests; growth is counted from here
      heap0 = await settledHeap();
      rss0 = process.memoryUsage().rss;
    }
    if ((n + 1) % Math.ceil(REQUESTS / 10) === 0) {
      const u = process.memoryUsage();
      curve.push(Math.round(u.rss / MB));
      heapCurve.push(Math.round(u.heapTotal / MB));
    }
  }
  const heap1 = await settledHeap();
  const { rss: rss1, heapTotal, external } = process.memoryUsage();
  // which V8 spaces hold the committed heap (used vs committed, MB): where RSS over the live heap goes
  // what stays once the load has stopped: RSS falls within seconds, then stays (the simulator is
  // still open, its claims live)
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const rssSettled = process.memoryUsage().rss;
  const spaces = Object.fromEntries(getHeapSpaceStatistics().filter((sp) => sp.space_size > MB).map((sp) => [sp.space_name, `${Math.round(sp.space_used_size / MB)}/${Math.round(sp.space_size / MB)}`]));
  sim.close();
  measured.length = 0;
  return { spaces, heapGrowthMb: Math.round((heap1 - heap0) / MB), heapTotalMb: Math.round(heapTotal / MB), externalMb: Math.round(external / MB), rssCurveMb: curve, heapTotalCurveMb: heapCurve, requests: REQUESTS, uniqueClaims: stored - seedClaims, rssBeforeMb: Math.round(rss0 / MB), rssAfterMb: Math.round(rss1 / MB), peakRssMb: Math.round(Math.max(peak, rss1) / MB), growthMb: Math.round((rss1 - rss0) / MB), rssSettledMb: Math.round(rssSettled / MB), settledGrowthMb: Math.round((rssSettled - rss0) / MB) };
}
const RUNS = process.argv[5] ?? 'both';
const t0 = performance.now();
const mixed = RUNS === 'read-only' ? undefined : await rssRun('mixed');
const readOnly = RUNS === 'mixed' ? undefined : await rssRun('read-only');
emit({ store: STORE, claim, mixed, readOnly, seconds: Math.round((performance.now() - t0) / 1000) });

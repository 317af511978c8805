/**
 * Lookup latency in process (`sim.handle`, no sockets) with 1 to N stored claims, for every path
 * that finds a stored claim: `$inquire` by Claim.identifier, by Bundle.identifier and by patient +
 * provider; `GET Claim/{id}` and `GET ClaimResponse/{id}`; and a `$submit` replayed with the
 * same Idempotency-Key (the duplicate-token path). The anchor is the same path with one claim.
 *
 * Each path's lookups go round the same TARGETS claims spread evenly over the whole store (the
 * oldest included), so a large store is read where it is cold, not only where the last claims
 * sit. Arguments: [sizes, comma-separated] [store: memory | durable]. `durable` gives the
 * simulator a temporary data directory, as `serve --data DIR` runs: claims then live in SQLite
 * with only the rows used last in memory, and a lookup past them reads the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '../src/simulator.js';
import { VirtualClock } from '../src/core/clock.js';
import { openStateStore } from '../src/core/store/open-state-store.js';
import { BASE, inquire, inquiryBundle, submit } from '../src/payer/testing/payer-client.js';
import { numberedClaim } from './numbered-claim.js';
import { emit } from './shapes.js';

const sizes = (process.argv[2] ?? '1,1000,10000').split(',').map(Number);
const STORE = process.argv[3] ?? 'memory';
if (STORE !== 'memory' && STORE !== 'durable') throw new Error(`store: memory or durable, not ${STORE}`);
/** Lookups per path and size; more than a paged table keeps live (2,048), so durable misses show. */
const LOOKUPS = 3000;
const TARGETS = 3000;

const dir = STORE === 'durable' ? mkdtempSync(join(tmpdir(), 'bench-lookup-')) : undefined;
process.on('exit', () => dir && rmSync(dir, { recursive: true, force: true }));
const store = dir ? await openStateStore(dir) : undefined;
const sim = createSimulator({ config: { seed: 1, journal: { capacity: 1000 } }, clock: new VirtualClock(), ...(store ? { store } : {}) });

/** The payer's id of claim i (the bench's own memory: a latency bench, not a memory one). */
const payerIds: string[] = [];
async function store1(i: number) {
  const res = await submit(sim, numberedClaim.bundle(i), { 'idempotency-key': numberedClaim.key(i) });
  if (res.status !== 200) throw new Error(`submit ${i}: ${res.status} ${await res.text()}`);
  const answer = (await res.json()) as { entry: { resource: { resourceType: string; request?: { reference: string } } }[] };
  return answer.entry.find((e) => e.resource.resourceType === 'ClaimResponse')!.resource.request!.reference.split('/')[1]!;
}

const get = (path: string) => sim.handle(new Request(`${BASE}/${path}`));
const paths: Record<string, (i: number) => Promise<Response>> = {
  '$inquire Claim.identifier': (i) => inquire(sim, inquiryBundle({ identifier: [numberedClaim.claimIdentifier(i)] })),
  '$inquire Bundle.identifier': (i) => inquire(sim, inquiryBundle({}, numberedClaim.bundleIdentifier(i))),
  '$inquire patient + provider': (i) => inquire(sim, inquiryBundle({ patient: { reference: numberedClaim.patient(i) }, provider: { reference: numberedClaim.provider } })),
  'GET Claim/{id}': (i) => get(`Claim/${payerIds[i]}`),
  'GET ClaimResponse/{id}': (i) => get(`ClaimResponse/${payerIds[i]}`),
  '$submit replay (Idempotency-Key)': (i) => submit(sim, numberedClaim.bundle(i), { 'idempotency-key': numberedClaim.key(i) }),
};

const perSize: Record<number, Record<string, number>> = {};
for (const size of sizes) {
  const targets = Array.from({ length: Math.min(size, TARGETS) }, (_, k) => Math.floor((k * size) / Math.min(size, TARGETS)));
  while (payerIds.length < size) payerIds.push(await store1(payerIds.length));
  const once = async (path: string, i: number) => {
    const res = await paths[path]!(i);
    if (res.status !== 200) throw new Error(`${path} at ${size}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  // warm-up of every path first, so the first path timed does not pay for the others' compilation
  for (const path of Object.keys(paths)) for (let k = 0; k < 200; k++) await once(path, targets[k % targets.length]!);
  perSize[size] = {};
  for (const path of Object.keys(paths)) {
    const t0 = performance.now();
    for (let k = 0; k < LOOKUPS; k++) await once(path, targets[k % targets.length]!);
    perSize[size]![path] = ((performance.now() - t0) / LOOKUPS) * 1000;
  }
}
sim.close();
emit({ store: STORE, lookups: LOOKUPS, microsecondsPerLookup: perSize });

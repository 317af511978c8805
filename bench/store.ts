/**
 * The durable store's cost, in `npm run bench`: `$submit` and `$inquire` over HTTP on 127.0.0.1
 * against the simulator in memory and with a data directory (SQLite, one transaction per
 * response), as throughput and p99 latency with CONCURRENCY requests in flight (interleaved, best
 * of ROUNDS); the ratio
 * durable / in-memory is the figure to watch (target: at least 0.5). Then restart-to-ready:
 * a data directory holding STORE_CLAIMS claims, time from opening it to the first `$inquire`
 * answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../src/core/clock.js';
import { openStateStore } from '../src/core/store/open-state-store.js';
import { meetsCriteria, pasBundle } from '../src/payer/testing/pas-fixtures.js';
import { startSimulatorService } from '../src/process/simulator-service.js';
import { createSimulator } from '../src/simulator.js';

const REQUESTS = Number(process.env.BENCH_STORE_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_STORE_CONCURRENCY ?? 16);
const STORE_CLAIMS = Number(process.env.BENCH_STORE_CLAIMS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_STORE_ROUNDS ?? 2);
const EVIDENCE = meetsCriteria('lumbarMri');
const FHIR = { 'content-type': 'application/fhir+json' };

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const body = (i: number) => JSON.stringify(pasBundle({ procedure: 'lumbarMri', evidence: EVIDENCE, claimId: `C-${i}`, bundleId: `B-${i}` }));
const inquiry = (i: number) => JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Claim', identifier: [{ system: 'urn:trnorg:1234567890', value: `C-${i}` }] } }] });

/** `count` requests made by `make(i)`, CONCURRENCY at a time; requests per second and p99 ms. */
async function load(count: number, make: (i: number) => Promise<Response>): Promise<{ rps: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      const res = await make(i);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`request ${i}: HTTP ${res.status}`);
      latencies.push(performance.now() - t);
    }
  }));
  return { rps: count / ((performance.now() - started) / 1000), p99: quantile(latencies, 0.99) };
}

async function measure(data: string | undefined) {
  const service = await startSimulatorService({ host: '127.0.0.1', port: 0, data, clock: { kind: 'virtual' }, config: { seed: 1 } });
  const submit = await load(REQUESTS, (i) => fetch(`${service.url}/payer/fhir/Claim/$submit`, { method: 'POST', headers: { ...FHIR, 'idempotency-key': `k-${i}` }, body: body(i) }));
  const inquire = await load(REQUESTS, (i) => fetch(`${service.url}/payer/fhir/Claim/$inquire`, { method: 'POST', headers: FHIR, body: inquiry(i) }));
  await service.close();
  return { submit, inquire };
}

async function restartToReady(dir: string) {
  const store = await openStateStore(dir);
  const sim = createSimulator({ config: { seed: 1 }, clock: new VirtualClock(), store });
  for (let i = 0; i < STORE_CLAIMS; i++) {
    const res = await sim.handle(new Request('http://sim/payer/fhir/Claim/$submit', { method: 'POST', headers: { ...FHIR, 'idempotency-key': `k-${i}` }, body: body(i) }));
    if (res.status !== 200) throw new Error(`seeding claim ${i}: HTTP ${res.status}`);
  }
  sim.close();
  const started = performance.now();
  const service = await startSimulatorService({ host: '127.0.0.1', port: 0, data: dir, clock: { kind: 'virtual' }, config: { seed: 1 } });
  const res = await fetch(`${service.url}/payer/fhir/Claim/$inquire`, { method: 'POST', headers: FHIR, body: inquiry(STORE_CLAIMS - 1) });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200 || service.resumed?.claims !== STORE_CLAIMS) throw new Error(`restart: HTTP ${res.status}, ${service.resumed?.claims} claims resumed`);
  await service.close();
  return ms;
}

export async function benchStore(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  try {
    // interleaved, best of ROUNDS each: a busy machine slows whichever runs at a bad moment
    const memory: Awaited<ReturnType<typeof measure>>[] = [];
    const durable: Awaited<ReturnType<typeof measure>>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      memory.push(await measure(undefined));
      durable.push(await measure(join(dir, `throughput-${round}`)));
    }
    const best = (runs: typeof memory, op: 'submit' | 'inquire') => runs.map((r) => r[op]).reduce((a, b) => (b.rps > a.rps ? b : a));
    for (const op of ['submit', 'inquire'] as const) {
      const m = best(memory, op);
      const d = best(durable, op);
      console.log(`${`$${op}, SQLite store vs in memory`.padEnd(38)} ${d.rps.toFixed(0)} vs ${m.rps.toFixed(0)} req/s (ratio ${(d.rps / m.rps).toFixed(2)}), p99 ${d.p99.toFixed(1)} vs ${m.p99.toFixed(1)} ms (${REQUESTS} requests, ${CONCURRENCY} in flight)`);
    }
    const ready = await restartToReady(join(dir, 'restart'));
    console.log(`${'restart to ready, SQLite store'.padEnd(38)} ${ready.toFixed(0)} ms with ${STORE_CLAIMS} stored claims (open, resume, listen, first $inquire answered)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Chaos runs per minute (random faults, one crash plan per run, all invariants checked) on
 * `workers` threads with `concurrency` runs in flight each, in a process of its own so its peak
 * RSS is the sweep's; process CPU per run (every thread); and a digest of the results, which must
 * not depend on workers or concurrency.
 *
 *   node --import tsx bench/chaos-sweep.ts RUNS WORKERS CONCURRENCY [compiled]
 *
 * `compiled` runs the package build (`npm run build` first: dist/), as the installed package's
 * `prior-auth-sim chaos --workers` does, instead of the sources through tsx in every worker thread
 * (tsx's loader and each thread's copy of the compiled sources cost ~150 MB of RSS per worker).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { emit } from './shapes.js';

const [runs, workers, concurrency] = process.argv.slice(2, 5).map(Number) as [number, number, number];
const compiled = process.argv[5] === 'compiled';
const dist = new URL('../dist/src/harness/chaos-workers.js', import.meta.url);
// the newest source file the build compiles: a stale dist/ would measure other code
const newestSource = () => Math.max(...['../src/', '../orchestrator/'].flatMap((dir) => {
  const root = new URL(dir, import.meta.url);
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => statSync(new URL(f, root)).mtimeMs);
}));
if (compiled && (!existsSync(dist) || statSync(dist).mtimeMs < newestSource())) {
  console.error('bench/chaos-sweep.ts compiled: dist/ is missing or older than the sources; run `npm run build` first');
  process.exit(2);
}
const { exploreChaosInWorkers } = (await import(compiled ? dist.href : '../src/harness/chaos-workers.js')) as typeof import('../src/harness/chaos-workers.js');
const t0 = performance.now();
const c0 = process.cpuUsage();
const results = await exploreChaosInWorkers({ firstSeed: 1, runs, crashPoints: 'random', concurrency }, workers);
const cpu = process.cpuUsage(c0);
const seconds = (performance.now() - t0) / 1000;
const digest = createHash('sha256').update(JSON.stringify(results.map((r) => [r.seed, r.status, r.outcome, r.crashed, r.faults, r.violations]))).digest('hex').slice(0, 16);
emit({ runs, workers, concurrency, compiled, seconds, perMinute: (runs / seconds) * 60, cpuMsPerRun: (cpu.user + cpu.system) / 1000 / runs, violations: results.reduce((n, r) => n + r.violations.length, 0), digest });

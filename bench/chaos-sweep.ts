/**
 * Chaos runs per minute (random faults, one crash plan per run, all invariants checked) on
 * `workers` threads with `concurrency` runs in flight each, in a process of its own so its peak
 * RSS is the sweep's; and a digest of the results, which must not depend on workers or concurrency.
 */
import { createHash } from 'node:crypto';
import { exploreChaosInWorkers } from '../src/harness/chaos-workers.js';
import { emit } from './shapes.js';

const [runs, workers, concurrency] = process.argv.slice(2).map(Number) as [number, number, number];
const t0 = performance.now();
const results = await exploreChaosInWorkers({ firstSeed: 1, runs, crashPoints: 'random', concurrency }, workers);
const seconds = (performance.now() - t0) / 1000;
const digest = createHash('sha256').update(JSON.stringify(results.map((r) => [r.seed, r.status, r.outcome, r.crashed, r.faults, r.violations]))).digest('hex').slice(0, 16);
emit({ runs, workers, concurrency, seconds, perMinute: (runs / seconds) * 60, violations: results.reduce((n, r) => n + r.violations.length, 0), digest });

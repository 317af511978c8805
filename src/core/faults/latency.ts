/** Draws a transport delay (real milliseconds) from a latency distribution on a seeded stream. */
import type { LatencyDistribution } from '../../contracts/faults.js';
import type { Rng } from '../rng.js';

/** Ten minutes: no drawn delay exceeds this, whatever the tail of the distribution. */
const MAX_LATENCY_MS = 600_000;

/**
 * @example
 * drawLatency({ kind: 'lognormal', median: 80, p99: 1200 }, rng.fork('fault.slow')); // e.g. 64
 */
export function drawLatency(d: LatencyDistribution, rng: Rng): number {
  let ms: number;
  switch (d.kind) {
    case 'fixed':
      ms = d.ms;
      break;
    case 'uniform':
      ms = d.min + rng.next() * (d.max - d.min);
      break;
    case 'normal':
      ms = rng.normal(d.mean, d.sd);
      break;
    case 'lognormal':
      ms = rng.lognormal(d.median, d.p99);
      break;
  }
  return Math.round(Math.min(MAX_LATENCY_MS, Math.max(0, ms)));
}

/**
 * Seeded randomness. One seed per run; named streams are forked from it
 * (`rng.fork('payer.latency')`) so adding a consumer never reshuffles existing streams.
 */

/** FNV-1a 32-bit hash of a string: derives a stream's seed from its parent seed and name. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed of the stream `name` forked from a stream seeded `seed`. */
export const forkSeed = (seed: number | string, name: string) => hashString(`${String(seed)}/${name}`);

export class Rng {
  private state: number;

  constructor(readonly seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
    if (this.state === 0) this.state = 0x9e3779b9;
  }

  /** An independent stream named `name`, a pure function of this stream's seed and the name. */
  fork(name: string): Rng {
    return new Rng(forkSeed(this.seed, name));
  }

  /** Where the stream stands: saved with durable state so a restarted simulator continues it, not restarts it. */
  get position(): number {
    return this.state;
  }

  set position(state: number) {
    this.state = state >>> 0;
  }

  /** Uniform in [0, 1). mulberry32: tiny, fast and good enough for simulation. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Standard normal by Box–Muller. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal given its median and 99th percentile (both > 0, p99 >= median). */
  lognormal(median: number, p99: number): number {
    const mu = Math.log(median);
    const sigma = p99 > median ? (Math.log(p99) - mu) / 2.3263478740408408 : 0;
    return Math.exp(mu + sigma * this.normal());
  }

  /** A 32-bit integer, e.g. to seed another generator such as faker. */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** A random hex string of `bytes` bytes, e.g. for ids. */
  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += this.int(0, 255).toString(16).padStart(2, '0');
    return out;
  }
}

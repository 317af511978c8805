/**
 * Saves and restores the position of every RNG stream forked from a generation's root, by
 * stream path (`payer.claims`, `payer.notifications/drop`, ...), so that after a restart the next
 * claim id, authorization number or notification draw is the one the old process would have
 * made. Positions are restored only after the generation is built: streams consumed while
 * building (the EHR panel) are rebuilt identically from the seed and must start from it.
 */
import { forkSeed, Rng } from '../rng.js';
import type { StateStore } from './state-store.js';

class TrackedRng extends Rng {
  constructor(
    seed: number | string,
    readonly path: string,
    private readonly onFork: (path: string, rng: TrackedRng) => void,
  ) {
    super(seed);
  }

  override fork(name: string): Rng {
    const path = this.path ? `${this.path}/${name}` : name;
    const child = new TrackedRng(forkSeed(this.seed, name), path, this.onFork);
    this.onFork(path, child);
    return child;
  }
}

export interface RngPositions {
  readonly root: Rng;
  /** Put every stream forked so far back where the store says it was; later forks are restored as they are made. */
  restore(): void;
}

export function trackRngPositions(seed: number | string, store: StateStore): RngPositions {
  const table = store.table<number>('engine.rng');
  const streams = new Map<string, TrackedRng>();
  const written = new Map<string, number>();
  let restored = false;
  const root = new TrackedRng(seed, '', (path, rng) => {
    // a path forked twice is one stream name for two generators: keep both apart by a suffix
    let key = path;
    for (let n = 2; streams.has(key); n++) key = `${path}#${n}`;
    streams.set(key, rng);
    written.set(key, rng.position);
    const saved = table.get(key);
    if (restored && saved !== undefined) rng.position = saved;
  });
  if (store.durable) {
    store.onCommit(() => {
      for (const [key, rng] of streams) {
        if (written.get(key) === rng.position) continue;
        written.set(key, rng.position);
        table.set(key, rng.position);
      }
    });
  }
  return {
    root,
    restore() {
      restored = true;
      for (const [key, rng] of streams) {
        const saved = table.get(key);
        if (saved === undefined) continue;
        rng.position = saved;
        written.set(key, saved);
      }
    },
  };
}

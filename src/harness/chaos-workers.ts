/**
 * `exploreChaos` on every core: the seeds are dealt round-robin to worker threads, each runs
 * its share with the usual in-process concurrency and streams results back; the merged list
 * is in seed order, so the outcome does not depend on the number of workers. Workers load
 * this module again (compiled JS in the package, the TypeScript sources through tsx in the
 * repository). Used by `prior-auth-sim chaos --workers` and the benchmark; the jest suites call
 * `exploreChaos` directly.
 */
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ChaosExploration } from './chaos-exploration.js';
import type { ChaosRunResult } from './chaos.js';

type Message = { kind: 'result'; result: ChaosRunResult } | { kind: 'done'; results: ChaosRunResult[] } | { kind: 'error'; name: string; message: string };

export const defaultWorkers = (): number => Math.max(1, Math.min(os.availableParallelism(), 8));

/**
 * The old-generation heap a worker may grow to, for `concurrency` runs in flight. V8 sizes a heap
 * by how fast the program allocates, not by what stays live: a worker holds ~90 MB of live heap
 * with 8 runs in flight (modules included, flat over a sweep), yet let its heap grow to several
 * times that in garbage, and two workers peaked above 800 MB of RSS. Twice the live size keeps
 * collections cheap (measured: no more CPU per run than without a bound) and the peak bounded.
 */
export const workerHeapLimitMb = (concurrency: number): number => 128 + 8 * concurrency;

export async function exploreChaosInWorkers(o: ChaosExploration, workers: number, onResult: (r: ChaosRunResult) => void = () => {}): Promise<ChaosRunResult[]> {
  const seeds = o.seeds ?? Array.from({ length: o.runs }, (_, i) => o.firstSeed + i);
  if (workers <= 1) return (await import('./chaos-exploration.js')).exploreChaos({ ...o, seeds }, onResult);
  const shares = Array.from({ length: workers }, (_, w) => seeds.filter((_, i) => i % workers === w)).filter((s) => s.length);
  // compiled (the installed package): import this module as is; from the sources: through tsx
  const self = JSON.stringify(import.meta.url);
  const boot = import.meta.url.endsWith('.ts') ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${self}); })` : `import(${self})`;
  const perWorker = await Promise.all(shares.map((share) => new Promise<ChaosRunResult[]>((resolve, reject) => {
    const worker = new Worker(boot, {
      eval: true, workerData: { ...o, seeds: share, runs: share.length } satisfies ChaosExploration,
      resourceLimits: { maxOldGenerationSizeMb: workerHeapLimitMb(o.concurrency ?? 8) },
    });
    worker.on('message', (m: Message) => {
      if (m.kind === 'result') onResult(m.result);
      else if (m.kind === 'done') resolve(m.results);
      // the worker's error as it was thrown there (name and message, no stack): a bad
      // --scenario must read the same with workers as without
      else reject(Object.assign(new Error(m.message), { name: m.name }));
    });
    worker.on('error', (err: Error & { code?: string }) => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new Error(`a chaos worker ran out of its ${workerHeapLimitMb(o.concurrency ?? 8)} MB heap: run fewer in flight (concurrency) or on one worker`) : err));
    worker.on('exit', (code) => { if (code !== 0) reject(new Error(`chaos worker exited with ${code}`)); });
  })));
  const order = new Map(seeds.map((s, i) => [s, i]));
  return perWorker.flat().sort((a, b) => order.get(a.seed)! - order.get(b.seed)!);
}

// inside a worker thread: run the share and report
if (!isMainThread && (workerData as ChaosExploration | undefined)?.seeds) {
  const post = (m: Message) => parentPort!.postMessage(m);
  import('./chaos-exploration.js').then(({ exploreChaos }) => exploreChaos(workerData as ChaosExploration, (result) => post({ kind: 'result', result })))
    .then((results) => post({ kind: 'done', results }), (err: unknown) => post({ kind: 'error', name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) }));
}

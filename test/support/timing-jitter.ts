/**
 * Perturbs when asynchronous work finishes, to prove a result does not depend on it: every
 * WebCrypto result (libuv's threadpool: SMART assertions, their verification, callback
 * signatures) and every real `fetch` (loopback sockets: review decisions and notifications the
 * simulator delivers) is handed back after 0..`maxHops` extra event-loop turns, drawn from a
 * seeded stream — reproducible, and different for each seed. On an idle machine these finish in
 * the same order run after run; under load they do not, which is how the concurrency gap showed.
 */
import { Rng } from '../../src/core/rng.js';

const SUBTLE = ['decrypt', 'deriveBits', 'deriveKey', 'digest', 'encrypt', 'exportKey', 'generateKey', 'importKey', 'sign', 'unwrapKey', 'verify', 'wrapKey'] as const;

const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `fn` with the perturbation installed, and removes it afterwards. */
export async function withTimingJitter<T>(seed: number, maxHops: number, fn: () => Promise<T>): Promise<T> {
  const rng = new Rng(`timing-jitter/${seed}`);
  const later = async <R>(result: R): Promise<R> => {
    for (let n = rng.int(0, maxHops); n > 0; n--) await hop();
    return result;
  };
  const subtle = globalThis.crypto.subtle as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const saved = SUBTLE.map((name) => [name, Object.getOwnPropertyDescriptor(subtle, name)] as const);
  for (const name of SUBTLE) {
    const real = subtle[name];
    if (typeof real !== 'function') continue;
    Object.defineProperty(subtle, name, { configurable: true, writable: true, value: async (...args: unknown[]) => later(await real.apply(globalThis.crypto.subtle, args)) });
  }
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    await later(undefined);
    return later(await realFetch(...args));
  };
  try {
    return await fn();
  } finally {
    globalThis.fetch = realFetch;
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(subtle, name, descriptor);
      else delete subtle[name];
    }
  }
}

/**
 * Keeps an invocation's checkpoint batches independent of the machine's load when its code uses
 * WebCrypto (SMART client assertions and their verification, callback secrets and signatures).
 *
 * Why: @aws/durable-execution-sdk-js 2.4.0 queues each checkpoint update and flushes the queue
 * with `setImmediate`, sending whatever was queued by then as one `checkpoint` call. Step code
 * made only of promises finishes before that flush (START and SUCCEED go out together); step code
 * that waits on the libuv threadpool — every `crypto.subtle` sign, verify or digest — races it:
 * when the job completes before the event loop reaches the flush, the step can end first and
 * START and SUCCEED share a call; when it completes later, START goes alone. Which one happens
 * depends on what else the process is doing, so the same seeded run made 16 checkpoint calls
 * alone and 15 beside eleven others, and a crash plan ("after checkpoint 10") hit a different
 * state.
 *
 * How: `crypto.subtle`'s asynchronous methods are wrapped once per process. Inside an invocation
 * opened with `settleCrypto` (and nowhere else), a result is handed back only after one
 * `setImmediate`: a flush queued before the job began was scheduled before that hop, so it
 * always runs first — START always goes alone when a step waits on crypto, whatever the load.
 * Outside such invocations the methods behave exactly as before.
 */
import { invocationScope } from './invocation-scope.js';

/** SubtleCrypto's asynchronous methods (every one returns a promise). */
const METHODS = ['decrypt', 'deriveBits', 'deriveKey', 'digest', 'encrypt', 'exportKey', 'generateKey', 'importKey', 'sign', 'unwrapKey', 'verify', 'wrapKey'] as const;

let installed = false;
let settled = 0;

const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Wraps `crypto.subtle` once per process (idempotent); inert outside settling invocations. */
export function installCryptoSettle(): void {
  if (installed) return;
  installed = true;
  const subtle = globalThis.crypto.subtle as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of METHODS) {
    const real = subtle[name];
    if (typeof real !== 'function') continue;
    Object.defineProperty(subtle, name, {
      configurable: true,
      writable: true,
      value: async function settledCrypto(...args: unknown[]): Promise<unknown> {
        const result = await real.apply(globalThis.crypto.subtle, args);
        if (invocationScope.getStore()?.settleCrypto === true) {
          settled++;
          await hop();
        }
        return result;
      },
    });
  }
}

/** How many WebCrypto results were handed back after a hop in this process (tests check the wrapper acts). */
export function settledCryptoCalls(): number {
  return settled;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asExecutionId } from './ids.js';
import { installCryptoSettle, settledCryptoCalls } from './crypto-settle.js';
import { invocationScope } from './invocation-scope.js';

const scope = (settleCrypto: boolean) => ({ owner: {}, executionId: asExecutionId('e'), invocation: 1, generation: 1, skipCooldown: false, settleCrypto });
const data = new TextEncoder().encode('x'.repeat(1 << 16));

/** Blocks the event loop long enough for a threadpool job started just before to finish. */
const blockMs = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The race the SDK's checkpoint queue runs: a flush queued with setImmediate, then step code that
 * waits on WebCrypto and goes on. Started in the timers phase with the job already finished, the
 * event loop's poll phase (which delivers the result) comes before its check phase (the flush).
 */
async function race(settleCrypto: boolean): Promise<string[]> {
  const order: string[] = [];
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  await invocationScope.run(scope(settleCrypto), async () => {
    setImmediate(() => order.push('flush'));
    const digest = globalThis.crypto.subtle.digest('SHA-256', data);
    blockMs(20);
    await digest;
    order.push('step goes on');
    await new Promise((resolve) => setImmediate(resolve));
  });
  return order;
}

describe('WebCrypto results inside a settling invocation', () => {
  beforeAll(() => installCryptoSettle());

  it('come back after a flush queued before the job, even when the job finished first', async () => {
    const before = settledCryptoCalls();
    for (let i = 0; i < 5; i++) expect(await race(true)).toEqual(['flush', 'step goes on']);
    expect(settledCryptoCalls() - before).toBe(5);
  });

  it('are untouched outside one (the race is real there: the step goes on first)', async () => {
    const before = settledCryptoCalls();
    expect(await race(false)).toEqual(['step goes on', 'flush']);
    expect(settledCryptoCalls()).toBe(before);
  });

  it('keep every method working (sign and verify with a key, digest)', async () => {
    const key = await invocationScope.run(scope(true), () => globalThis.crypto.subtle.importKey('raw', new TextEncoder().encode('k'.repeat(32)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']));
    const sig = await invocationScope.run(scope(true), () => globalThis.crypto.subtle.sign('HMAC', key, data));
    await expect(invocationScope.run(scope(true), () => globalThis.crypto.subtle.verify('HMAC', key, sig, data))).resolves.toBe(true);
    expect(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array())).length).toBe(32);
  });

  it('the SDK still flushes its checkpoint queue with setImmediate (what the shim orders against)', () => {
    const sdk = readFileSync(fileURLToPath(new URL('../../node_modules/@aws/durable-execution-sdk-js/dist/index.mjs', import.meta.url)), 'utf8');
    expect(sdk).toMatch(/this\.queue\.push\(queuedItem\);[\s\S]{0,400}if \(!this\.isProcessing\) \{\s*setImmediate\(\(\) => \{\s*this\.processQueue\(\);/);
  });
});

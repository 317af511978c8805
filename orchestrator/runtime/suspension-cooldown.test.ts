import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { createDurableRuntime } from './durable-runtime.js';
import { createVirtualClock } from './runtime-clock.js';
import {
  isSdkCooldownTimer,
  isSdkStatusCheckTimer,
  PINNED_SDK_VERSION,
  SDK_STATUS_CHECK_MARK,
  SDK_STATUS_CHECK_MS,
  SDK_COOLDOWN_CALLBACK_MARK,
  SDK_COOLDOWN_MS,
  skippedCooldowns,
  installSuspensionCooldownSkip,
} from './suspension-cooldown.js';
import { invocationScope } from './invocation-scope.js';
import { asExecutionId } from './ids.js';

const skipping = <T>(fn: () => T): T => invocationScope.run({ owner: {}, executionId: asExecutionId('e'), invocation: 1, generation: 1, skipCooldown: true, settleCrypto: false }, fn);

const SDK_DIR = fileURLToPath(new URL('../../node_modules/@aws/durable-execution-sdk-js/', import.meta.url));
const sdkFile = (rel: string) => readFileSync(SDK_DIR + rel, 'utf8');

/** Every `setTimeout(() => { ... }, CHECKPOINT_TERMINATION_COOLDOWN_MS)` in an SDK build. */
const cooldownTimers = (source: string) => [...source.matchAll(/setTimeout\((\(\) => \{[\s\S]*?\}), CHECKPOINT_TERMINATION_COOLDOWN_MS\)/g)].map((m) => m[1]!);

describe('suspension cooldown shim, pinned to the installed SDK', () => {
  // If one of these fails, the SDK changed under the shim: re-read its termination timer,
  // then update suspension-cooldown.ts (or drop the shim if the SDK made the cooldown configurable).
  it('the installed SDK is the exact version the shim was written against', () => {
    expect((JSON.parse(sdkFile('package.json')) as { version: string }).version).toBe(PINNED_SDK_VERSION);
  });

  it.each(['dist/index.mjs', 'dist-cjs/index.js'])('%s still has one termination timer of the pinned length, recognised by the shim', (build) => {
    const source = sdkFile(build);
    expect(source).toContain(`const CHECKPOINT_TERMINATION_COOLDOWN_MS = ${SDK_COOLDOWN_MS};`);
    const timers = cooldownTimers(source);
    expect(timers).toHaveLength(1);
    expect(timers[0]).toContain(SDK_COOLDOWN_CALLBACK_MARK);
    // what makes firing it early safe: the callback re-checks before it suspends
    expect(timers[0]).toMatch(/if \(!this\.shouldTerminate\(\)\)[\s\S]*this\.executeTermination\(reason\)/);
  });

  it.each(['dist/index.mjs', 'dist-cjs/index.js'])('%s still has one status-check timer that only logs, recognised by the shim', (build) => {
    const source = sdkFile(build);
    const at = source.indexOf(SDK_STATUS_CHECK_MARK);
    expect(at).toBeGreaterThan(0);
    expect(source.indexOf(SDK_STATUS_CHECK_MARK, at + 1)).toBe(-1);
    // the whole setTimeout call around the mark: from the last `setTimeout(` before it to the delay after it
    const start = source.lastIndexOf('setTimeout(', at);
    const end = source.indexOf(')', source.indexOf(`}, ${SDK_STATUS_CHECK_MS}`, at));
    const call = source.slice(start, end + 1);
    expect(call.endsWith(`}, ${SDK_STATUS_CHECK_MS})`)).toBe(true);
    // what makes running it at once safe: its body is one log call
    const body = call.slice('setTimeout(() => {'.length, -`}, ${SDK_STATUS_CHECK_MS})`.length).trim();
    expect(body.startsWith('log(') && body.endsWith(');') && body.split(';').length === 2).toBe(true);
  });

  it('the shim recognises only that callback at that delay', () => {
    const sdkLike = () => 'Termination conditions no longer valid after cooldown';
    expect(sdkLike()).toBe(SDK_COOLDOWN_CALLBACK_MARK);
    expect(isSdkCooldownTimer(sdkLike, SDK_COOLDOWN_MS)).toBe(true);
    expect(isSdkCooldownTimer(sdkLike, SDK_COOLDOWN_MS + 1)).toBe(false);
    expect(isSdkCooldownTimer(() => undefined, SDK_COOLDOWN_MS)).toBe(false);
    const statusLike = () => 'Promise race status check';
    expect(isSdkStatusCheckTimer(statusLike, SDK_STATUS_CHECK_MS)).toBe(true);
    expect(isSdkStatusCheckTimer(statusLike, SDK_COOLDOWN_MS)).toBe(false);
    expect(isSdkCooldownTimer(statusLike, SDK_COOLDOWN_MS)).toBe(false);
  });
});

describe('suspension cooldown shim in the runtime', () => {
  const sleepy = withDurableExecution(async (_e, ctx) => {
    await ctx.wait('one', { hours: 1 });
    await ctx.wait('two', { hours: 1 });
    return ctx.step('done', async () => 'ok');
  });

  async function run(suspensionCooldown?: 'skip' | 'sdk') {
    const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock(), suspensionCooldown });
    runtime.register('sleepy', sleepy);
    const before = skippedCooldowns();
    const { executionId } = runtime.start({ handler: 'sleepy' });
    await runtime.runUntilIdle();
    const view = runtime.getExecution(executionId);
    await runtime.close();
    return { status: view.status, result: view.result, invocations: view.invocations, skipped: skippedCooldowns() - before };
  }

  it('skips the cooldown at every suspension by default, with the same outcome as with it', async () => {
    const skipping = await run();
    const sdk = await run('sdk');
    expect(skipping).toEqual({ status: 'SUCCEEDED', result: 'ok', invocations: 3, skipped: 2 });
    expect(sdk).toEqual({ ...skipping, skipped: 0 });
  });

  it('leaves timers outside an invocation, and other timers inside one, as real timeouts', async () => {
    const fired: string[] = [];
    const sdkLike = () => fired.push('Termination conditions no longer valid after cooldown');
    installSuspensionCooldownSkip();
    const outside = setTimeout(sdkLike, SDK_COOLDOWN_MS);
    const other = skipping(() => setTimeout(() => undefined, SDK_COOLDOWN_MS));
    const inside = skipping(() => setTimeout(sdkLike, SDK_COOLDOWN_MS));
    expect(typeof outside.refresh).toBe('function');
    expect(typeof other.refresh).toBe('function');
    expect(typeof (inside as Partial<NodeJS.Timeout>).refresh).toBe('undefined');
    // clearTimeout still cancels all three
    clearTimeout(outside);
    clearTimeout(other);
    clearTimeout(inside);
    await new Promise<void>((resolve) => setTimeout(resolve, 2 * SDK_COOLDOWN_MS));
    expect(fired).toEqual([]);
  });
});

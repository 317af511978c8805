/**
 * Skips the SDK's fixed suspension cooldown inside our own runtime's invocations.
 *
 * @aws/durable-execution-sdk-js 2.4.0 waits `CHECKPOINT_TERMINATION_COOLDOWN_MS` (20 ms of real
 * time, not configurable) before it suspends an invocation, in case a checkpoint lands inside
 * that window and the invocation can go on. Our runtime answers `getRemainingTimeInMillis()`
 * with 0, so the SDK never arms an in-process wait and nothing can arrive in the window: the
 * timer's callback re-checks `shouldTerminate()` and suspends. On the virtual clock those 20 ms
 * are most of the wall time of a run (a 7-day review with 48 polls suspends ~50 times).
 *
 * How: `setTimeout` is wrapped once per process. A call is shortened to `setImmediate` only when
 * all three hold, so nothing else in the process is touched:
 * 1. it is made inside an invocation the runtime opened with `skipCooldown` (the default of
 *    `createDurableRuntime`; never on Lambda, which does not use this runtime);
 * 2. its delay is exactly the SDK's cooldown;
 * 3. its callback's source is the SDK's termination callback (recognised by its log message).
 * Its handle is an Immediate, so `clearTimeout` is wrapped to clear those too. The SDK version
 * is pinned exactly; suspension-cooldown.test.ts reads the installed SDK and fails loudly if the
 * constant, the callback or the version change.
 *
 * The same shim shortens one more SDK timer, by the same three tests: a 500 ms "promise race
 * status check" each invocation arms, whose callback only writes a debug log line. Nobody clears
 * it, and its closure holds the invocation (every operation it loaded, every step result) for
 * half a second of real time: at a few hundred invocations a second, that is a hundred or more
 * finished invocations kept alive at any moment. Run at once, the log line is the same.
 */
import { invocationScope } from './invocation-scope.js';

/** The SDK release whose termination timer this module recognises. */
export const PINNED_SDK_VERSION = '2.4.0';
/** `CHECKPOINT_TERMINATION_COOLDOWN_MS` in that release. */
export const SDK_COOLDOWN_MS = 20;
/** Text only the SDK's termination-timer callback contains (its abort log line). */
export const SDK_COOLDOWN_CALLBACK_MARK = 'Termination conditions no longer valid after cooldown';
/** The delay of the SDK's per-invocation status-check log timer in that release. */
export const SDK_STATUS_CHECK_MS = 500;
/** Text only that timer's callback contains (its log line). */
export const SDK_STATUS_CHECK_MARK = 'Promise race status check';

const shortened = new WeakSet<object>();
let installed = false;
let skipped = 0;

type Callback = (...args: unknown[]) => void;

/** True when `fn` and `delay` are the SDK's termination cooldown timer. */
export function isSdkCooldownTimer(fn: unknown, delay: unknown): boolean {
  return delay === SDK_COOLDOWN_MS && typeof fn === 'function' && Function.prototype.toString.call(fn).includes(SDK_COOLDOWN_CALLBACK_MARK);
}

/** True when `fn` and `delay` are the SDK's status-check log timer. */
export function isSdkStatusCheckTimer(fn: unknown, delay: unknown): boolean {
  return delay === SDK_STATUS_CHECK_MS && typeof fn === 'function' && Function.prototype.toString.call(fn).includes(SDK_STATUS_CHECK_MARK);
}

/** Wraps `setTimeout`/`clearTimeout` once per process (idempotent); inert outside skipping invocations. */
export function installSuspensionCooldownSkip(): void {
  if (installed) return;
  installed = true;
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const patchedSetTimeout = function (this: unknown, fn: Callback, delay?: number, ...args: unknown[]) {
    const sdkTimer = (delay === SDK_COOLDOWN_MS || delay === SDK_STATUS_CHECK_MS) && invocationScope.getStore()?.skipCooldown === true;
    if (sdkTimer && (isSdkCooldownTimer(fn, delay) || isSdkStatusCheckTimer(fn, delay))) {
      if (delay === SDK_COOLDOWN_MS) skipped++;
      const handle = setImmediate(fn, ...args);
      shortened.add(handle);
      return handle;
    }
    return (realSetTimeout as (f: Callback, d?: number, ...a: unknown[]) => NodeJS.Timeout)(fn, delay, ...args);
  };
  const patchedClearTimeout = function (this: unknown, handle: Parameters<typeof clearTimeout>[0]) {
    if (handle && typeof handle === 'object' && shortened.has(handle)) return clearImmediate(handle as unknown as NodeJS.Immediate);
    return realClearTimeout.call(globalThis, handle);
  };
  // keep util.promisify(setTimeout) and friends working
  Object.assign(patchedSetTimeout, realSetTimeout);
  globalThis.setTimeout = patchedSetTimeout as typeof setTimeout;
  globalThis.clearTimeout = patchedClearTimeout as typeof clearTimeout;
}

/** How many SDK cooldown timers were skipped in this process (tests check the shim still recognises the SDK). */
export function skippedCooldowns(): number {
  return skipped;
}

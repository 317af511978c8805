/**
 * Simulated process death for the chaos harness. A `crashPoints` hook is called at named
 * points; when it throws `SimulatedCrash` the runtime behaves as if killed there: nothing
 * further is persisted, every in-flight invocation is abandoned and fenced (its later
 * checkpoints are refused), and the scheduler stops until `recover()`.
 */
import type { OperationUpdate } from '@aws/durable-execution-sdk-js';
import type { ExecutionId } from './ids.js';

/**
 * Where the runtime can die: around a checkpoint's commit, after a step's side effect (the
 * step code calls `runtime.crashHook`), and during recovery — as the first invocation of an
 * execution after `recover()` opens, before its replay has done anything.
 */
export type CrashPoint = 'before-checkpoint-persist' | 'after-checkpoint-persist' | 'after-side-effect' | 'during-recovery';

export interface CrashInfo {
  point: CrashPoint;
  executionId?: ExecutionId;
  invocation?: number;
  /** The checkpoint's updates, at the two checkpoint points. */
  updates?: readonly OperationUpdate[];
  /** Whatever the step code passed to `runtime.crashHook`. */
  detail?: unknown;
}

/** Called at every crash point; throw `SimulatedCrash` to kill the runtime there. */
export type CrashPoints = (point: CrashPoint, info: CrashInfo) => void;

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
  constructor(readonly point?: CrashPoint, message = `simulated crash${point ? ` at ${point}` : ''}`) {
    super(message);
  }
}

export interface CrashSwitch {
  /** Bumped by `revive`; tokens from an older generation belong to a dead process. */
  readonly generation: number;
  readonly crashed: boolean;
  /**
   * Calls `listener` when the runtime crashes (every invocation races it); returns the unsubscribe.
   * A listener, not a promise: an invocation that ended unsubscribes, where a reaction on a
   * long-lived pending promise kept every finished invocation (its operations, its results) alive
   * for as long as the runtime did not crash — about 1.3 MB of heap per completed execution.
   */
  onDeath(listener: () => void): () => void;
  /** Calls the hook; a SimulatedCrash it throws kills the runtime and is rethrown. */
  trip(point: CrashPoint, info: Omit<CrashInfo, 'point'>): void;
  /** Throws if dead: a dead process executes nothing. */
  assertAlive(): void;
  revive(): void;
}

/** @example const sw = createCrashSwitch((p) => { if (p === 'after-checkpoint-persist') throw new SimulatedCrash(p); }); */
export function createCrashSwitch(hook?: CrashPoints): CrashSwitch {
  let generation = 1;
  let crashed: SimulatedCrash | undefined;
  const listeners = new Set<() => void>();
  const kill = (c: SimulatedCrash) => {
    if (crashed) return;
    crashed = c;
    for (const l of [...listeners]) l();
  };
  return {
    get generation() { return generation; },
    get crashed() { return crashed !== undefined; },
    onDeath(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    trip(point, info) {
      if (crashed) throw crashed;
      try {
        hook?.(point, { point, ...info });
      } catch (err) {
        if (err instanceof SimulatedCrash) kill(err);
        throw err;
      }
    },
    assertAlive() {
      if (crashed) throw crashed;
    },
    revive() {
      if (!crashed) return;
      crashed = undefined;
      generation++;
    },
  };
}

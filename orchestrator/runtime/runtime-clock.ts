/**
 * The runtime's only source of time. Structurally identical to the simulator's `Clock`
 * (src/core/clock.ts), which the runtime may not import: a harness passes the simulator's
 * VirtualClock here and both advance together.
 */

export interface TimerHandle {
  readonly id: number;
  readonly at: number;
}

export interface RuntimeClock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Run `fn` once the clock reaches `at` (epoch ms): never earlier, so `now() >= at` inside `fn`. */
  setTimer(at: number, fn: () => void | Promise<void>): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  readonly kind: 'virtual' | 'real' | 'dilated';
}

/** A clock moved only by its owner: what `runUntilIdle` needs to skip a 7-day wait. */
export interface SteppableClock extends RuntimeClock {
  /** Move forward to `target`, firing due timers in time order and awaiting each. */
  advanceTo(target: number): Promise<void>;
  /** Earliest pending timer of any owner (e.g. a simulator sharing the clock), if known. */
  nextTimerAt?(): number | undefined;
}

export function isSteppable(clock: RuntimeClock): clock is SteppableClock {
  return typeof (clock as Partial<SteppableClock>).advanceTo === 'function';
}

/** 2026-01-05T09:00:00Z, the simulator's default epoch, so runtime and simulator agree. */
export const DEFAULT_EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);

interface PendingTimer {
  id: number;
  at: number;
  fn: () => void | Promise<void>;
}

/**
 * A virtual clock for runtime tests that do not share the simulator's.
 *
 * @example
 * const clock = createVirtualClock();
 * await clock.advanceTo(clock.now() + 7 * 86_400_000); // a week, instantly
 */
export function createVirtualClock(start: number = DEFAULT_EPOCH): SteppableClock {
  let current = start;
  let nextId = 1;
  let timers: PendingTimer[] = [];
  const takeDue = (target: number): PendingTimer | undefined => {
    let best: PendingTimer | undefined;
    for (const t of timers) if (t.at <= target && (!best || t.at < best.at || (t.at === best.at && t.id < best.id))) best = t;
    if (best) timers = timers.filter((t) => t !== best);
    return best;
  };
  return {
    kind: 'virtual',
    now: () => current,
    setTimer(at, fn) {
      const timer = { id: nextId++, at: Math.max(at, current), fn };
      timers.push(timer);
      return { id: timer.id, at: timer.at };
    },
    clearTimer(handle) {
      timers = timers.filter((t) => t.id !== handle.id);
    },
    nextTimerAt: () => (timers.length ? Math.min(...timers.map((t) => t.at)) : undefined),
    async advanceTo(target) {
      if (target < current) throw new RangeError(`advanceTo: ${new Date(target).toISOString()} is before now`);
      for (let due = takeDue(target); due; due = takeDue(target)) {
        current = due.at;
        await due.fn();
      }
      current = target;
    },
  };
}

/**
 * Wall-clock time scaled by `factor` (1 = real time; 3600 = one simulated hour per second).
 * The only place in the runtime that reads the host's time.
 */
export function createDilatedClock(factor = 1, start?: number, realNow: () => number = Date.now): RuntimeClock {
  if (!(factor > 0)) throw new RangeError(`createDilatedClock: factor must be > 0, got ${factor}`);
  const realStart = realNow();
  const origin = start ?? realStart;
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  const now = () => Math.floor(origin + (realNow() - realStart) * factor);
  return {
    kind: factor === 1 ? 'real' : 'dilated',
    now,
    setTimer(at, fn) {
      const id = nextId++;
      // Node may run a timer a fraction of a millisecond before Date.now() says it is due, and the
      // factor multiplies that: an early wake-up re-arms for the rest, so `now() >= at` inside `fn`.
      // (The simulator's clocks share src/contracts/wall-timer.ts; the runtime imports nothing of src.)
      const arm = () => {
        const t = setTimeout(() => {
          if (now() < at) return arm();
          timers.delete(id);
          void fn();
        }, Math.min(Math.max(0, Math.ceil((at - now()) / factor)), 2_147_483_647));
        // unref: a scheduled wake-up must not keep the process alive on its own
        t.unref();
        timers.set(id, t);
      };
      arm();
      return { id, at };
    },
    clearTimer(handle) {
      clearTimeout(timers.get(handle.id));
      timers.delete(handle.id);
    },
  };
}

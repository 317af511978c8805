/**
 * Decides when executions run. One invocation per execution at a time: a wake-up that
 * arrives during an invocation re-runs the execution after it. Many executions run
 * concurrently. One clock timer is armed for the earliest due row of the timers table;
 * `runUntilIdle` drives a steppable (virtual) clock from due time to due time.
 */
import type { CrashSwitch } from './crash-switch.js';
import type { ExternalEvents } from './external-events.js';
import type { ExecutionId } from './ids.js';
import { isSteppable, type RuntimeClock, type SteppableClock, type TimerHandle } from './runtime-clock.js';
import type { RuntimeStore } from './runtime-store.js';

export interface IdleOptions {
  /** Advance a steppable clock to the next due timer when nothing is runnable (default: true if steppable). */
  advance?: boolean;
  /** Do not advance the clock past this instant (epoch ms). */
  until?: number;
  /** Guard against a workflow that never settles (default 100 000 rounds). */
  maxSteps?: number;
}

export interface IdleResult {
  crashed: boolean;
  now: number;
  steps: number;
  running: number;
}

type RunOnce = (id: ExecutionId, rerunRequested: () => boolean, onOpen: (invocation: number) => void) => Promise<void>;

/** One execution in flight: its invocation loop, and the number of the invocation running now. */
interface Slot {
  rerun: boolean;
  done: Promise<void>;
  invocation?: number;
}

/**
 * Invocations whose code waits only for the clock: a request answered at a clock instant (the
 * simulator's model gateway answers after its latency). With a steppable clock nothing else moves
 * it, so `runUntilIdle` may advance once every invocation in flight is parked, instead of waiting
 * for invocations that wait for it. A harness that shares its clock with such a server supplies it.
 */
export interface ParkedInvocations {
  isParked(executionId: string, invocation: number): boolean;
  /** Resolves at the next change of who is parked. */
  changed(): Promise<void>;
}

/** @example const scheduler = createScheduler({ clock, store, events, crash, runOnce }); scheduler.wake(id); */
export function createScheduler(deps: {
  clock: RuntimeClock; store: RuntimeStore; events: ExternalEvents; crash: CrashSwitch; runOnce: RunOnce;
  parked?: ParkedInvocations;
}) {
  const { clock, store, events, crash } = deps;
  const active = new Map<ExecutionId, Slot>();
  let armed: { at: number; handle: TimerHandle } | undefined;
  let closed = false;
  let invocations = 0;
  /** While `runUntilIdle` fires the clock's timers: the executions they woke, in order (see `advanceHolding`). */
  let held: Set<ExecutionId> | undefined;
  /**
   * Who waits for the set of executions in flight to shrink (or the runtime to crash). One list,
   * emptied at each change: racing every in-flight invocation's promise on every wait attached a
   * reaction to each of them per wait, so N executions cost O(N²).
   */
  let waiters: (() => void)[] = [];
  const notify = () => {
    const wake = waiters;
    waiters = [];
    for (const w of wake) w();
  };
  crash.onDeath(notify);
  const changed = () => new Promise<void>((resolve) => waiters.push(resolve));

  const loop = async (id: ExecutionId, slot: Slot) => {
    try {
      do {
        slot.rerun = false;
        invocations++;
        await deps.runOnce(id, () => slot.rerun, (invocation) => (slot.invocation = invocation));
        arm();
      } while (slot.rerun && !crash.crashed && !closed);
    } finally {
      // after a crash and recover, a new run of this execution may own the slot
      if (active.get(id) === slot) active.delete(id);
      notify();
    }
  };

  /** Runs `id` now, or once more after its current invocation. */
  function wake(id: ExecutionId): void {
    if (crash.crashed || closed) return;
    if (held) {
      held.add(id);
      return;
    }
    const current = active.get(id);
    if (current) {
      current.rerun = true;
      return;
    }
    const slot: Slot = { rerun: false, done: Promise.resolve() };
    active.set(id, slot);
    slot.done = loop(id, slot);
  }

  function fireDue(): void {
    if (crash.crashed || closed) return;
    for (const id of events.fireDueTimers()) wake(id);
    arm();
  }

  /** (Re)arms the single clock timer for the earliest due row. */
  function arm(): void {
    if (crash.crashed || closed) return;
    const at = store.nextTimerAt();
    if (armed && armed.at === at) return;
    if (armed) clock.clearTimer(armed.handle);
    armed = undefined;
    if (at === undefined) return;
    armed = { at, handle: clock.setTimer(at, () => { armed = undefined; fireDue(); }) };
  }

  /** Resolves when no invocation is in flight (or the runtime crashed). */
  async function settle(): Promise<void> {
    while (active.size > 0 && !crash.crashed) await changed();
  }

  /**
   * Moves a steppable clock to `target` with every wake-up held until its timers have all fired.
   * A timer's callback may be a delivery over real HTTP (a review decision, a payer notification)
   * that completes a callback and then awaits the response on a real socket. Woken at once, the
   * execution's invocation would run beside the rest of that delivery and of the timers due at
   * the same instant, and how far it got before the next timer fired (a checkpoint batched or
   * not, a timer armed before or after another) would depend on the machine's load, not on the
   * seed. Held, each virtual instant is the same two phases whatever the load: first its timers
   * fire, in time and arming order, then the executions they woke run, in the order woken.
   */
  async function advanceHolding(steppable: SteppableClock, target: number): Promise<void> {
    held = new Set();
    try {
      await steppable.advanceTo(target);
    } finally {
      const woken = held;
      held = undefined;
      for (const id of woken) wake(id);
    }
  }

  /** Every invocation in flight is parked: in memory, stopping at the first that is not (no store read per execution). */
  const allParked = (parked: ParkedInvocations) => {
    for (const [id, slot] of active) if (slot.invocation === undefined || !parked.isParked(id, slot.invocation)) return false;
    return true;
  };

  /**
   * Like `settle`, but also resolves as soon as every invocation in flight is parked on the clock.
   * Checked in the same microtask run that parked the last one, before anything queued for later
   * (the SDK's checkpoint flush is a `setImmediate` away): an in-process step that parks on a
   * model call gets its answer, and checkpoints START and SUCCEED together, exactly as when the
   * answer came at once. Which invocation parks when is a function of the run, never of the
   * machine's load, so moving the clock here keeps runs reproducible.
   */
  async function settleOrParked(): Promise<void> {
    const { parked } = deps;
    if (!parked) return settle();
    while (active.size > 0 && !crash.crashed && !allParked(parked)) {
      // any one ending may leave only parked ones
      await Promise.race([changed(), parked.changed()]);
    }
  }

  async function runUntilIdle(opts: IdleOptions = {}): Promise<IdleResult> {
    const advance = (opts.advance ?? true) && isSteppable(clock);
    const maxSteps = opts.maxSteps ?? 100_000;
    let steps = 0;
    for (;;) {
      fireDue();
      await (advance ? settleOrParked() : settle());
      if (crash.crashed) break;
      if (++steps > maxSteps) throw new Error(`runUntilIdle: still busy after ${maxSteps} steps; is a workflow polling forever?`);
      const due = store.nextTimerAt();
      if (due !== undefined && due <= clock.now()) continue;
      if (!advance || !isSteppable(clock) || store.countRunning() === 0) break;
      const other = clock.nextTimerAt?.();
      const target = Math.min(due ?? Infinity, other ?? Infinity);
      if (target === Infinity || (opts.until !== undefined && target > opts.until)) break;
      await advanceHolding(clock, Math.max(target, clock.now()));
    }
    return { crashed: crash.crashed, now: clock.now(), steps, running: store.countRunning() };
  }

  return {
    wake,
    fireDue,
    arm,
    settle,
    runUntilIdle,
    get invocations() { return invocations; },
    /** Forgets in-flight runs (after a crash they are zombies) and the armed timer. */
    reset(): void {
      active.clear();
      if (armed) clock.clearTimer(armed.handle);
      armed = undefined;
    },
    close(): void {
      closed = true;
      if (armed) clock.clearTimer(armed.handle);
      armed = undefined;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

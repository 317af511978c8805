/**
 * The one source of time for the simulator. Nothing else reads Date.now(): every handler,
 * fault schedule and pended decision asks an injected Clock, so a run on the virtual clock
 * is reproducible and a 7-day wait costs no wall time.
 */
import { TimerQueue } from './timer-queue.js';
import { startWallTimer, type WallTimer } from '../contracts/wall-timer.js';

export interface TimerHandle {
  readonly id: number;
  readonly at: number;
}

export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Run `fn` once the clock reaches `at` (epoch ms): never earlier, so `now() >= at` inside `fn`. Timers due at the same instant fire in creation order. */
  setTimer(at: number, fn: () => void | Promise<void>): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  readonly kind: 'virtual' | 'real' | 'dilated';
}

/** 2026-01-05T09:00:00Z: a Monday morning, the default start of every virtual run. */
export const DEFAULT_EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);

/**
 * A clock that moves only when told to. `advance` fires due timers in time order, moving
 * `now` to each timer's instant before calling it, and awaits each (so a webhook delivered
 * by a timer has landed when `advance` resolves).
 *
 * @example
 * const clock = new VirtualClock();
 * clock.setTimer(clock.now() + 1000, () => console.log('due'));
 * await clock.advance(1000); // logs 'due'
 */
export class VirtualClock implements Clock {
  readonly kind = 'virtual' as const;
  private current: number;
  private readonly timers = new TimerQueue();
  private nextId = 1;

  constructor(start: number = DEFAULT_EPOCH) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(at: number, fn: () => void | Promise<void>): TimerHandle {
    const timer = { id: this.nextId++, at: Math.max(at, this.current), fn };
    this.timers.push(timer);
    return { id: timer.id, at: timer.at };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.cancel(handle.id);
  }

  /** The instant of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    return this.timers.peek()?.at;
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Move forward by `ms`, firing every timer due on the way (including ones they schedule). */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`advance: ms must be >= 0, got ${ms}`);
    await this.advanceTo(this.current + ms);
  }

  /** Move forward to `target` (epoch ms); moving backwards is refused. */
  async advanceTo(target: number): Promise<void> {
    if (target < this.current) throw new RangeError(`advanceTo: ${new Date(target).toISOString()} is before now`);
    for (;;) {
      const due = this.timers.takeDue(target);
      if (!due) break;
      this.current = due.at;
      await due.fn();
    }
    this.current = target;
  }
}

/**
 * Wall-clock time scaled by `factor` from `start`: factor 3600 makes one real second one
 * simulated hour (the demo's default). factor 1 is real time.
 */
export class DilatedClock implements Clock {
  readonly kind: 'real' | 'dilated';
  private readonly realStart: number;
  private readonly timers = new Map<number, WallTimer>();
  private nextId = 1;

  constructor(
    private readonly factor: number = 1,
    private readonly start: number = Date.now(),
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(factor > 0)) throw new RangeError(`DilatedClock: factor must be > 0, got ${factor}`);
    this.kind = factor === 1 ? 'real' : 'dilated';
    this.realStart = realNow();
  }

  now(): number {
    return Math.floor(this.start + (this.realNow() - this.realStart) * this.factor);
  }

  setTimer(at: number, fn: () => void | Promise<void>): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, startWallTimer(at, () => this.now(), this.factor, () => {
      this.timers.delete(id);
      void fn();
    }));
    return { id, at };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.get(handle.id)?.cancel();
    this.timers.delete(handle.id);
  }
}

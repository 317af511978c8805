/**
 * The demo's clock: wall time scaled by a factor (like DilatedClock) that a person can change
 * while it runs — a new speed, or a jump of an hour or a day ahead — from the console's chaos
 * controls (`POST /__admin/clock/speed`, `POST /__admin/clock/advance`). Time never moves
 * backwards; timers are re-armed after every change, so a timer the jump passed fires at once,
 * in time order.
 *
 * In `npm start` each child's clock follows the supervisor's time line instead (`follow`), and
 * its own speed and jump controls are refused (`followedBy` says who to ask), so the simulator
 * and the orchestrator never drift apart.
 *
 * @example
 * const clock = new AdjustableClock(3600);
 * clock.setFactor(60);       // one simulated minute per real second from now on
 * await clock.advance(86_400_000); // one day ahead: everything due fires
 */
import { anchoredNow, type ClockAnchor } from '../contracts/clock-anchor.js';
import type { Clock, TimerHandle } from './clock.js';
import { startWallTimer, type WallTimer } from '../contracts/wall-timer.js';

interface Pending {
  at: number;
  fn: () => void | Promise<void>;
  timer?: WallTimer;
}

export class AdjustableClock implements Clock {
  private anchorSim: number;
  private anchorReal: number;
  private readonly timers = new Map<number, Pending>();
  private nextId = 1;
  /** Set when another process owns this time line: who changes it (the admin routes refuse and name it). */
  followedBy?: string;

  constructor(
    private factorValue: number = 3600,
    start: number = Date.now(),
    private readonly realNow: () => number = Date.now,
  ) {
    AdjustableClock.check(factorValue);
    this.anchorSim = start;
    this.anchorReal = realNow();
  }

  get kind(): 'real' | 'dilated' {
    return this.factorValue === 1 ? 'real' : 'dilated';
  }

  /** Simulated seconds per real second. */
  get factor(): number {
    return this.factorValue;
  }

  now(): number {
    return Math.floor(this.anchorSim + (this.realNow() - this.anchorReal) * this.factorValue);
  }

  setTimer(at: number, fn: () => void | Promise<void>): TimerHandle {
    const id = this.nextId++;
    const pending: Pending = { at, fn };
    this.timers.set(id, pending);
    this.arm(id, pending);
    return { id, at };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.get(handle.id)?.timer?.cancel();
    this.timers.delete(handle.id);
  }

  /** From now on, `factor` simulated seconds pass per real second. */
  setFactor(factor: number): void {
    AdjustableClock.check(factor);
    this.reanchor(this.now());
    this.factorValue = factor;
    this.rearm();
  }

  /** Jump `ms` ahead; timers now due fire in time order. Resolves once they have been started. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`AdjustableClock: cannot move back (${ms} ms)`);
    this.reanchor(this.now() + ms);
    this.rearm();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * Follow a shared time line: `anchor` at `factor` from now on (a speed change or a jump made
   * elsewhere). Never backwards: a line that would read earlier than now is joined at now.
   */
  follow(anchor: ClockAnchor, factor: number): void {
    AdjustableClock.check(factor);
    if (anchoredNow(anchor, factor, this.realNow()) >= this.now()) {
      this.anchorSim = anchor.simulated;
      this.anchorReal = anchor.wall;
    } else this.reanchor(this.now());
    this.factorValue = factor;
    this.rearm();
  }

  private reanchor(sim: number): void {
    this.anchorSim = sim;
    this.anchorReal = this.realNow();
  }

  /** Due timers first, in time order (creation order at one instant), then the rest. */
  private rearm(): void {
    const all = [...this.timers.entries()].sort(([ia, a], [ib, b]) => a.at - b.at || ia - ib);
    for (const [id, p] of all) {
      p.timer?.cancel();
      this.arm(id, p);
    }
  }

  private arm(id: number, p: Pending): void {
    p.timer = startWallTimer(p.at, () => this.now(), this.factorValue, () => {
      this.timers.delete(id);
      void p.fn();
    });
  }

  private static check(factor: number): void {
    if (!(Number.isFinite(factor) && factor > 0 && factor <= 10_000_000)) throw new RangeError(`AdjustableClock: factor must be > 0 and at most 10,000,000, got ${factor}`);
  }
}

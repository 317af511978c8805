/**
 * Simulated time a handler's answer takes (the model gateway's latency), waited on the
 * simulator's clock. The transport chooses how: `dispatch` attaches its `clockWait` to the
 * request (as it attaches handler faults) and the handler waits through it. `engine.handle`
 * attaches none, so an in-process caller gets the answer at once with the time reported only,
 * as latency faults are; the HTTP adapters wait on a clock that moves by itself (real, dilated,
 * the demo's adjustable one) — not on a virtual clock, which moves only when its owner says so
 * and would hold the call until then; the e2e harness waits on the virtual clock it shares with
 * the runtime and tells the runtime who is parked (src/harness/clock-parking.ts), so neither
 * waits for the other.
 */
import type { Clock } from './clock.js';

/** Resolve once `ms` of the simulator's clock have passed for `request`'s answer. */
export type ClockWait = (ms: number, request: Request) => Promise<void>;

const attached = new WeakMap<Request, ClockWait>();

export function attachClockWait(request: Request, wait: ClockWait | undefined): void {
  if (wait) attached.set(request, wait);
}

/** Wait `ms` of simulated time before answering `request`, if its transport waits (else at once). */
export async function waitBeforeAnswer(request: Request, ms: number): Promise<void> {
  const wait = attached.get(request);
  if (wait && ms > 0) await wait(ms, request);
}

/**
 * @example
 * await clockDelay(sim.clock, 1500); // 1.5 s of the simulator's time: instant on a virtual clock advanced past it
 */
export function clockDelay(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimer(clock.now() + ms, () => resolve());
  });
}

/** The HTTP adapters' default: wait on a clock that moves by itself, report only on a virtual one. */
export function selfMovingClockWait(clock: Clock): ClockWait | undefined {
  return clock.kind === 'virtual' ? undefined : (ms) => clockDelay(clock, ms);
}

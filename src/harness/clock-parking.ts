/**
 * The e2e harness's wait for answers that take simulated time (the model gateway's latency): on
 * the virtual clock the simulator shares with the runtime, and announced, so the runtime's
 * `runUntilIdle` can tell an invocation parked on that clock from one still working, and move
 * the clock instead of waiting for an invocation that waits for the clock. A wait is the
 * invocation's that sent the request, named by its `x-request-id: <execution>#<invocation>`: a
 * crashed invocation's call still parked does not hold the one that replaced it. A request no
 * invocation sent (a replay over the history, a test's own call) is answered at once, its latency
 * reported only, as `sim.handle` does: nothing would move the clock for it.
 */
import type { Clock } from '../core/clock.js';
import type { ClockWait } from '../core/clock-wait.js';
import type { ParkedInvocations } from '../../orchestrator/runtime/index.js';

export interface ClockParking extends ParkedInvocations {
  readonly wait: ClockWait;
}

/** @example const parking = createClockParking(clock); sim.dispatch(request, { clockWait: parking.wait }) */
export function createClockParking(clock: Clock): ClockParking {
  const parked = new Map<string, number>();
  let waiters: (() => void)[] = [];
  const changed = () => {
    const wake = waiters;
    waiters = [];
    for (const w of wake) w();
  };
  const step = (tag: string, by: number) => {
    const n = (parked.get(tag) ?? 0) + by;
    if (n > 0) parked.set(tag, n);
    else parked.delete(tag);
    changed();
  };
  return {
    wait(ms, request) {
      const tag = request.headers.get('x-request-id');
      // sent by no invocation (a replay over history, a test's own call): nothing would move the clock for it
      if (tag === null) return Promise.resolve();
      step(tag, 1);
      // unparked in the timer itself, before whoever advanced the clock looks again
      return new Promise<void>((resolve) => {
        clock.setTimer(clock.now() + ms, () => {
          step(tag, -1);
          resolve();
        });
      });
    },
    isParked: (executionId, invocation) => parked.has(`${executionId}#${invocation}`),
    changed: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

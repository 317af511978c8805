/**
 * A timer on a wall clock scaled by a factor that never runs its callback before the clock
 * reads its due instant. Shared by every clock that schedules on real time (the simulator's
 * dilated and adjustable clocks, the orchestrator runtime's dilated clock).
 *
 * Why: Node rounds a `setTimeout` delay to whole milliseconds and counts it from the event
 * loop's cached time, so a timer regularly runs a fraction of a millisecond — more after a long
 * synchronous stretch — before `Date.now()` says it is due. Scaled by the factor (×10 in the
 * kill-and-compare test, ×3600 in the demo) that is simulated milliseconds to seconds early, and
 * a callback that checks `now() >= at` finds nothing due: a payer pend timer fired, saw its claim
 * not yet due and never fired again, so the claim stayed pended and its execution waited for a
 * notification that never came. Here the callback runs only once `now() >= at`; an early wake-up
 * re-arms for the rest.
 *
 * @example const timer = startWallTimer(at, () => clock.now(), 10, () => resolve()); timer.cancel();
 */

/** setTimeout's largest delay (about 24.8 days); a later instant re-arms when it is reached. */
const MAX_DELAY_MS = 2_147_483_647;

export interface WallTimer {
  /** Stop the timer; its callback will not run. Safe to call more than once. */
  cancel(): void;
}

/** Run `fn` once `now()` (simulated epoch ms moving `factor` per real ms) reaches `at`. */
export function startWallTimer(at: number, now: () => number, factor: number, fn: () => void): WallTimer {
  let timeout: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = () => {
    // ceil: a whole real millisecond past the due instant rather than a fraction before it
    const delay = Math.min(Math.max(0, Math.ceil((at - now()) / factor)), MAX_DELAY_MS);
    timeout = setTimeout(() => {
      if (cancelled) return;
      if (now() < at) arm();
      else fn();
    }, delay);
    // unref: a pending simulated event must not keep the process alive on its own
    timeout.unref();
  };
  arm();
  return {
    cancel() {
      cancelled = true;
      clearTimeout(timeout);
    },
  };
}

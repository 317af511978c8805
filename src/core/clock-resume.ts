/**
 * Clocks that never go backwards across restarts. A process with durable state passes the last
 * instant it committed (`floor`); a virtual clock resumes there, a dilated one continues from
 * there (time stood still while the process was down) unless it follows a shared anchor, and a
 * real clock is wall time but never earlier than the floor. The only other place besides
 * clock.ts that reads the host's time.
 */
import { anchoredNow, type ClockAnchor } from '../contracts/clock-anchor.js';
import type { TimeLine } from '../contracts/time-line.js';
import { AdjustableClock } from './adjustable-clock.js';
import { DEFAULT_EPOCH, DilatedClock, VirtualClock, type Clock } from './clock.js';

export type ClockSpec = { kind: 'virtual' } | { kind: 'real' } | { kind: 'dilated'; factor: number };

export function parseClockSpec(v: string): ClockSpec | undefined {
  if (v === 'virtual') return { kind: 'virtual' };
  if (v === 'real') return { kind: 'real' };
  const m = /^dilated(?::(\d+(?:\.\d+)?))?$/.exec(v);
  if (m && Number(m[1] ?? 3600) > 0) return { kind: 'dilated', factor: Number(m[1] ?? 3600) };
  return undefined;
}

/** An anchor for a time line that starts now, at `floor` if given (else at wall time). */
export function anchorAt(floor: number | undefined): ClockAnchor {
  const wall = Date.now();
  return { simulated: Math.max(floor ?? wall, 0), wall };
}

/** The clock of `spec` resumed above `floor`, on `anchor`'s time line when given (dilated only). */
export function resumeClock(spec: ClockSpec, floor: number | undefined, anchor?: ClockAnchor, wallNow: () => number = Date.now): Clock {
  const max = (t: number) => (floor === undefined ? t : Math.max(t, floor));
  switch (spec.kind) {
    case 'virtual':
      return new VirtualClock(floor ?? DEFAULT_EPOCH);
    case 'real':
      return new DilatedClock(1, max(wallNow()), wallNow);
    case 'dilated': {
      const start = anchor ? max(anchoredNow(anchor, spec.factor, wallNow())) : floor ?? wallNow();
      return new DilatedClock(spec.factor, start, wallNow);
    }
  }
}

/**
 * A supervised child's clock: on the supervisor's time line (never below `floor`), adjustable
 * only by the supervisor, which hands it every later speed change or jump (see time-line.ts).
 */
export function followingClock(line: TimeLine, floor: number | undefined, wallNow: () => number = Date.now): AdjustableClock {
  const at = anchoredNow(line.anchor, line.factor, wallNow());
  const clock = new AdjustableClock(line.factor, floor === undefined ? at : Math.max(at, floor), wallNow);
  clock.followedBy = "npm start's supervisor: use the console's clock controls or POST /supervisor/clock/speed | /supervisor/clock/advance on its port";
  return clock;
}

/** The time line after a speed change or a jump of `advanceMs`, continuing `line` from wall instant `wall` (default: now). */
export function changeTimeLine(line: TimeLine, change: { factor?: number; advanceMs?: number }, wall: number = Date.now()): TimeLine {
  return {
    anchor: { simulated: anchoredNow(line.anchor, line.factor, wall) + Math.max(0, Math.round(change.advanceMs ?? 0)), wall },
    factor: change.factor ?? line.factor,
  };
}

/** The simulated instant of `line` at wall instant `wall` (default: now). */
export function timeLineNow(line: TimeLine, wall: number = Date.now()): number {
  return anchoredNow(line.anchor, line.factor, wall);
}

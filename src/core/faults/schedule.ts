/**
 * When a rule fires. Each rule keeps its own counter of matching calls and its own RNG stream,
 * so adding or removing one rule never changes another rule's sequence.
 */
import type { FaultSchedule } from '../../contracts/faults.js';
import type { Rng } from '../rng.js';

export interface ScheduleState {
  /** Matching calls so far, this one included (1-based). */
  matched: number;
  /** Clock instant (epoch ms) the rule was armed: the origin of relative windows. */
  readonly armedAt: number;
  readonly rng: Rng;
}

function edge(v: string | number, armedAt: number): number {
  return typeof v === 'number' ? armedAt + v * 1000 : Date.parse(v);
}

/**
 * Whether the schedule fires on this matching call. A probability schedule draws exactly one
 * number per matching call, fired or not, so the sequence depends only on the seed and count.
 */
export function scheduleFires(schedule: FaultSchedule, state: ScheduleState, now: number): boolean {
  switch (schedule.kind) {
    case 'always':
      return true;
    case 'probability':
      return state.rng.chance(schedule.p);
    case 'first-n':
      return state.matched <= schedule.n;
    case 'every-kth':
      return state.matched % schedule.k === 0;
    case 'window': {
      const from = edge(schedule.from, state.armedAt);
      const to = schedule.to === undefined ? Infinity : edge(schedule.to, state.armedAt);
      return now >= from && now < to;
    }
  }
}

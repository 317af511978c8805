/**
 * Decides, from the seeded RNG, what happens to the notifications of one event (a pended
 * claim's final decision for one subscription) and lays them out in time. Each chaos kind
 * draws from its own stream forked from `payer.notifications`, once per event whether or not
 * it is enabled, so turning one kind on never changes another kind's decisions.
 * Semantics are documented on `NotificationConfigSchema` (src/contracts/payer-config.ts).
 */
import type { NotificationConfig } from '../../contracts/payer-config.js';
import type { Rng } from '../../core/rng.js';

export interface ChaosDecision {
  drop: boolean;
  duplicate: boolean;
  delayMs: number;
  stale: boolean;
  reorder: boolean;
}

/** One notification to send: which ClaimResponse it carries, its event number, when (ms after the decision), how to count it. */
export interface PlannedNotification {
  role: 'final' | 'duplicate' | 'interim' | 'stale';
  eventNumber: number;
  offsetMs: number;
}

export class NotificationChaos {
  private readonly streams: Record<'drop' | 'duplicate' | 'delay' | 'stale' | 'reorder', Rng>;
  constructor(
    private readonly config: NotificationConfig,
    rng: Rng,
    /** Events decided so far (kept with durable state: `dropFirstN` counts across restarts). */
    private events = 0,
  ) {
    this.streams = { drop: rng.fork('drop'), duplicate: rng.fork('duplicate'), delay: rng.fork('delay'), stale: rng.fork('stale'), reorder: rng.fork('reorder') };
  }

  get decided(): number {
    return this.events;
  }

  /** The chaos of the next event (call once per event, in event order). */
  decide(): ChaosDecision {
    const c = this.config;
    this.events += 1;
    const dropDraw = this.streams.drop.chance(c.dropProbability);
    const { min, max } = c.delaySeconds;
    return {
      drop: this.events <= c.dropFirstN || dropDraw,
      duplicate: this.streams.duplicate.chance(c.duplicateProbability),
      delayMs: Math.round((min + this.streams.delay.next() * (max - min)) * 1000),
      stale: this.streams.stale.chance(c.staleProbability),
      reorder: this.streams.reorder.chance(c.reorderProbability),
    };
  }
}

/**
 * The notifications of one event, given a decision and an event-number allocator. Numbers are
 * allocated in event order (the interim before the final, the stale after it); sending order is
 * final, duplicate, interim, stale, `gapSeconds` apart after the delay. A dropped final still
 * consumes its number and takes its duplicate with it.
 * @example planNotifications({ drop: false, duplicate: true, delayMs: 0, stale: false, reorder: false }, next, 1000)
 * // → [{ role: 'final', eventNumber: 1, offsetMs: 0 }, { role: 'duplicate', eventNumber: 1, offsetMs: 1000 }]
 */
export function planNotifications(d: ChaosDecision, nextEvent: () => number, gapMs: number): PlannedNotification[] {
  const interim = d.reorder ? nextEvent() : undefined;
  const final = nextEvent();
  const stale = d.stale ? nextEvent() : undefined;
  const sends: Omit<PlannedNotification, 'offsetMs'>[] = [];
  if (!d.drop) sends.push({ role: 'final', eventNumber: final });
  if (!d.drop && d.duplicate) sends.push({ role: 'duplicate', eventNumber: final });
  if (interim !== undefined) sends.push({ role: 'interim', eventNumber: interim });
  if (stale !== undefined) sends.push({ role: 'stale', eventNumber: stale });
  return sends.map((s, i) => ({ ...s, offsetMs: d.delayMs + i * gapMs }));
}

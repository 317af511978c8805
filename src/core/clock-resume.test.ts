import { anchorAt, parseClockSpec, resumeClock } from './clock-resume.js';
import { DEFAULT_EPOCH } from './clock.js';
import { formatClockAnchor, parseClockAnchor } from '../contracts/clock-anchor.js';

const HOUR = 3_600_000;

describe('clocks resumed after a restart', () => {
  it('a virtual clock resumes at the last committed instant', () => {
    expect(resumeClock({ kind: 'virtual' }, undefined).now()).toBe(DEFAULT_EPOCH);
    expect(resumeClock({ kind: 'virtual' }, DEFAULT_EPOCH + 5 * HOUR).now()).toBe(DEFAULT_EPOCH + 5 * HOUR);
  });

  it('a dilated clock continues from the last committed instant, not from wall time', () => {
    let wall = 1_000_000;
    const floor = DEFAULT_EPOCH + 30 * HOUR;
    const clock = resumeClock({ kind: 'dilated', factor: 3600 }, floor, undefined, () => wall);
    expect(clock.now()).toBe(floor);
    wall += 2000;
    expect(clock.now()).toBe(floor + 2 * HOUR);
  });

  it('a real clock is wall time, never earlier than the floor', () => {
    const wall = () => DEFAULT_EPOCH;
    expect(resumeClock({ kind: 'real' }, DEFAULT_EPOCH - HOUR, undefined, wall).now()).toBe(DEFAULT_EPOCH);
    expect(resumeClock({ kind: 'real' }, DEFAULT_EPOCH + HOUR, undefined, wall).now()).toBe(DEFAULT_EPOCH + HOUR);
  });

  it('two processes on one anchor agree, whenever each (re)started, and neither goes below its own floor', () => {
    let wall = 50_000;
    const anchor = { simulated: DEFAULT_EPOCH, wall };
    const simulator = resumeClock({ kind: 'dilated', factor: 60 }, undefined, anchor, () => wall);
    wall += 10_000; // the orchestrator was restarted 10 s of wall time later
    const orchestrator = resumeClock({ kind: 'dilated', factor: 60 }, DEFAULT_EPOCH + 60_000, anchor, () => wall);
    expect(orchestrator.now()).toBe(simulator.now());
    expect(simulator.now()).toBe(DEFAULT_EPOCH + 600_000);
    wall += 1;
    expect(orchestrator.now()).toBe(simulator.now());
    const ahead = resumeClock({ kind: 'dilated', factor: 60 }, DEFAULT_EPOCH + 10 * HOUR, anchor, () => wall);
    expect(ahead.now()).toBe(DEFAULT_EPOCH + 10 * HOUR);
  });

  it('an anchor starts at the floor when there is one, and round-trips through its flag', () => {
    expect(anchorAt(DEFAULT_EPOCH).simulated).toBe(DEFAULT_EPOCH);
    const a = { simulated: DEFAULT_EPOCH, wall: 1_700_000_000_000 };
    expect(parseClockAnchor(formatClockAnchor(a))).toEqual(a);
    expect(parseClockAnchor('soon@later')).toBeUndefined();
    expect(parseClockSpec('dilated:60')).toEqual({ kind: 'dilated', factor: 60 });
    expect(parseClockSpec('dilated:0')).toBeUndefined();
  });
});

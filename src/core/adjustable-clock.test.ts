import { jest } from '@jest/globals';
import { AdjustableClock } from './adjustable-clock.js';
import { changeTimeLine, followingClock } from './clock-resume.js';

describe('AdjustableClock', () => {
  // the wall clock: moved by hand (`real`) and by the fake timers (a timer runs once its wall time has come)
  let real = 1_000;
  let fakeStart = 0;
  const realNow = () => real + (Date.now() - fakeStart);
  beforeEach(() => {
    real = 1_000;
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    fakeStart = Date.now();
  });
  afterEach(() => jest.useRealTimers());

  it('scales wall time by its factor, and by the new one after a change', () => {
    const clock = new AdjustableClock(3600, 0, realNow);
    real += 1000;
    expect(clock.now()).toBe(3_600_000);
    clock.setFactor(60);
    real += 1000;
    expect(clock.now()).toBe(3_660_000);
    expect(clock.kind).toBe('dilated');
  });

  it('jumps ahead and fires the timers the jump passed, in time order', async () => {
    const clock = new AdjustableClock(1, 0, realNow);
    const fired: string[] = [];
    clock.setTimer(7_200_000, () => void fired.push('2h'));
    clock.setTimer(3_600_000, () => void fired.push('1h'));
    clock.setTimer(90_000_000, () => void fired.push('25h'));
    await clock.advance(86_400_000);
    jest.advanceTimersByTime(0);
    expect(fired).toEqual(['1h', '2h']);
    expect(clock.now()).toBe(86_400_000);
    jest.advanceTimersByTime(3_600_000);
    expect(fired).toEqual(['1h', '2h', '25h']);
  });

  it('re-arms timers for a new speed', () => {
    const clock = new AdjustableClock(1, 0, realNow);
    const fired: number[] = [];
    clock.setTimer(60_000, () => void fired.push(clock.now()));
    clock.setFactor(60);
    jest.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toHaveLength(1);
  });

  it('follows a shared time line changed elsewhere (a jump and a new speed), firing what the jump passed, never going back', () => {
    const line = { anchor: { simulated: 0, wall: 1_000 }, factor: 1 };
    const clock = followingClock(line, undefined, realNow);
    const fired: string[] = [];
    clock.setTimer(60_000, () => void fired.push('1m'));
    clock.setTimer(7_200_000, () => void fired.push('2h'));
    const next = changeTimeLine(line, { advanceMs: 3_600_000, factor: 60 }, realNow());
    expect(next).toEqual({ anchor: { simulated: 3_600_000, wall: 1_000 }, factor: 60 });
    clock.follow(next.anchor, next.factor);
    expect(clock.now()).toBe(3_600_000);
    expect(clock.factor).toBe(60);
    jest.advanceTimersByTime(0);
    expect(fired).toEqual(['1m']);
    // the second hour at 60 simulated seconds per real second: one real minute
    jest.advanceTimersByTime(59_999);
    expect(fired).toEqual(['1m']);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual(['1m', '2h']);
    // an older line is joined at now, not followed back
    expect(clock.now()).toBe(7_200_000);
    clock.follow(line.anchor, line.factor);
    expect(clock.now()).toBe(7_200_000);
    expect(clock.followedBy).toContain('supervisor');
  });

  it('continues a time line from the wall instant of the change', () => {
    const line = { anchor: { simulated: 1_000_000, wall: 0 }, factor: 3600 };
    // 10 wall seconds later: 10 simulated hours on; then a day ahead at the same speed
    expect(changeTimeLine(line, { advanceMs: 86_400_000 }, 10_000)).toEqual({ anchor: { simulated: 1_000_000 + 36_000_000 + 86_400_000, wall: 10_000 }, factor: 3600 });
  });

  it('refuses a factor of zero, a negative one and a move back', async () => {
    expect(() => new AdjustableClock(0)).toThrow(RangeError);
    expect(() => new AdjustableClock(1).setFactor(-1)).toThrow(RangeError);
    await expect(new AdjustableClock(1).advance(-5)).rejects.toThrow(RangeError);
  });
});

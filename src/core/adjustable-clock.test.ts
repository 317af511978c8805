import { jest } from '@jest/globals';
import { AdjustableClock } from './adjustable-clock.js';

describe('AdjustableClock', () => {
  let real = 1_000;
  const realNow = () => real;
  beforeEach(() => {
    real = 1_000;
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
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

  it('refuses a factor of zero, a negative one and a move back', async () => {
    expect(() => new AdjustableClock(0)).toThrow(RangeError);
    expect(() => new AdjustableClock(1).setFactor(-1)).toThrow(RangeError);
    await expect(new AdjustableClock(1).advance(-5)).rejects.toThrow(RangeError);
  });
});

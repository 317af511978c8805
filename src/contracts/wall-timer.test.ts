import { jest } from '@jest/globals';
import { startWallTimer } from './wall-timer.js';
import { AdjustableClock } from '../core/adjustable-clock.js';
import { DilatedClock } from '../core/clock.js';
import { createDilatedClock } from '../../orchestrator/runtime/runtime-clock.js';

/**
 * Node may run a timer before `Date.now()` says it is due (whole-millisecond rounding, the loop's
 * cached time). Here the wall clock the clocks read (`real`) is moved by hand, apart from the fake
 * timers: a timer that runs while `real` lags behind is exactly that early wake-up.
 */
describe('wall-clock timers never fire before their due instant', () => {
  let real = 0;
  const realNow = () => real;
  beforeEach(() => {
    real = 0;
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
  });
  afterEach(() => jest.useRealTimers());

  const clocks = {
    'startWallTimer': () => ({ now: () => real * 10, setTimer: (at: number, fn: () => void) => startWallTimer(at, () => real * 10, 10, fn) }),
    'DilatedClock (simulator)': () => new DilatedClock(10, 0, realNow),
    'AdjustableClock (simulator, npm start)': () => new AdjustableClock(10, 0, realNow),
    'createDilatedClock (orchestrator runtime)': () => createDilatedClock(10, 0, realNow),
  };

  it.each(Object.entries(clocks))('%s: an early wake-up waits for the clock, then the callback sees now() >= at', (_, make) => {
    const clock = make();
    const seen: number[] = [];
    clock.setTimer(1_000, () => void seen.push(clock.now()));
    // setTimeout's 100 ms pass, but the wall clock has moved only 99.7 ms: 997 simulated ms
    real = 99.7;
    jest.advanceTimersByTime(100);
    expect(seen).toEqual([]);
    real = 100;
    jest.advanceTimersByTime(1);
    expect(seen).toEqual([1_000]);
    // and once only
    real = 200;
    jest.advanceTimersByTime(1_000);
    expect(seen).toEqual([1_000]);
  });

  it('a cancelled timer does not run, even after an early wake-up re-armed it', () => {
    const fired: string[] = [];
    const timer = startWallTimer(1_000, () => real * 10, 10, () => void fired.push('x'));
    real = 99;
    jest.advanceTimersByTime(100);
    timer.cancel();
    real = 200;
    jest.advanceTimersByTime(1_000);
    expect(fired).toEqual([]);
  });
});

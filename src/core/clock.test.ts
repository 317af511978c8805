import { VirtualClock } from './clock.js';

describe('VirtualClock', () => {
  it('fires due timers in time order, with now() at each timer instant', async () => {
    const clock = new VirtualClock(0);
    const seen: Array<[string, number]> = [];
    clock.setTimer(300, () => void seen.push(['c', clock.now()]));
    clock.setTimer(100, () => {
      seen.push(['a', clock.now()]);
      clock.setTimer(150, () => void seen.push(['b', clock.now()]));
    });
    clock.setTimer(1000, () => void seen.push(['late', clock.now()]));
    await clock.advance(500);
    expect(seen).toEqual([['a', 100], ['b', 150], ['c', 300]]);
    expect(clock.now()).toBe(500);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('refuses to move backwards and cleared timers never fire', async () => {
    const clock = new VirtualClock(1000);
    let fired = false;
    const h = clock.setTimer(1500, () => { fired = true; });
    clock.clearTimer(h);
    await clock.advance(1000);
    expect(fired).toBe(false);
    await expect(clock.advanceTo(0)).rejects.toThrow(RangeError);
  });
});

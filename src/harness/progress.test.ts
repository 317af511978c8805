import { createProgress } from './progress.js';

const fakeStream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { isTTY, writes, write: (s: string) => writes.push(s) };
};

const fakeClock = () => {
  let t = 0;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
};

describe('createProgress', () => {
  it('draws the bar, the counts and the rate on a TTY', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress(100, stream, clock.now);
    for (let i = 0; i < 45; i++) {
      clock.advance(100);
      progress.tick(i < 2);
    }
    expect(stream.writes.at(-1)).toBe(`\r[${'#'.repeat(14)}${'.'.repeat(16)}] 45/100  2 failed  10.0 runs/s  `);
    progress.done();
    expect(stream.writes.at(-1)).toBe('\n');
  });

  it('fills the bar on the last tick even inside the throttle window', () => {
    const stream = fakeStream(true);
    const progress = createProgress(3, stream, fakeClock().now);
    progress.tick(false);
    progress.tick(false);
    expect(stream.writes).toHaveLength(1);
    progress.tick(true);
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toContain(`[${'#'.repeat(30)}] 3/3  1 failed`);
  });

  it('redraws at most every 100 ms', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress(10_000, stream, clock.now);
    for (let i = 0; i < 1000; i++) {
      clock.advance(1);
      progress.tick(false);
    }
    expect(stream.writes).toHaveLength(10);
    progress.done();
    progress.done();
    expect(stream.writes).toHaveLength(12);
    expect(stream.writes[10]).toContain('1000/10000');
  });

  it('shows the count without a bar when the total is unknown', () => {
    const stream = fakeStream(true);
    const progress = createProgress(0, stream, fakeClock().now);
    progress.tick(false);
    progress.done();
    expect(stream.writes[0]).toBe('\r1  0 failed  0.0 runs/s  ');
    expect(stream.writes.join('')).not.toContain('[');
  });

  it('prints nothing when the stream is not a TTY', () => {
    const stream = fakeStream(false);
    const progress = createProgress(2, stream, fakeClock().now);
    progress.tick(false);
    progress.tick(true);
    progress.done();
    expect(stream.writes).toEqual([]);
  });
});

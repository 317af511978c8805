import { Rng } from './rng.js';

const draw = (r: Rng, n = 5) => Array.from({ length: n }, () => r.next());

describe('Rng', () => {
  it('is a pure function of its seed', () => {
    expect(draw(new Rng(7))).toEqual(draw(new Rng(7)));
    expect(draw(new Rng(7))).not.toEqual(draw(new Rng(8)));
  });

  it('forks independent named streams that do not depend on draws from the parent', () => {
    const a = new Rng(7);
    draw(a, 100);
    expect(draw(a.fork('payer.latency'))).toEqual(draw(new Rng(7).fork('payer.latency')));
    expect(draw(new Rng(7).fork('x'))).not.toEqual(draw(new Rng(7).fork('y')));
  });

  it('lognormal honours its median', () => {
    const r = new Rng(1);
    const xs = Array.from({ length: 4001 }, () => r.lognormal(100, 1000)).sort((p, q) => p - q);
    expect(xs[2000]).toBeGreaterThan(85);
    expect(xs[2000]).toBeLessThan(115);
  });
});

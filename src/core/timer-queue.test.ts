import { Rng } from './rng.js';
import { TimerQueue } from './timer-queue.js';

const noop = () => undefined;

describe('TimerQueue', () => {
  it('hands out due timers earliest first, equal instants in creation order, and only when due', () => {
    const q = new TimerQueue();
    for (const [id, at] of [[1, 30], [2, 10], [3, 20], [4, 10], [5, 30]] as const) q.push({ id, at, fn: noop });
    expect(q.peek()?.at).toBe(10);
    expect(q.takeDue(5)).toBeUndefined();
    const order: number[] = [];
    for (let t = q.takeDue(30); t; t = q.takeDue(30)) order.push(t.id);
    expect(order).toEqual([2, 4, 3, 1, 5]);
    expect(q.size).toBe(0);
  });

  it('skips cancelled timers and agrees with a sorted list on a random schedule', () => {
    const rng = new Rng(7);
    const q = new TimerQueue();
    const model: { id: number; at: number }[] = [];
    let id = 0;
    for (let round = 0; round < 2000; round++) {
      const r = rng.next();
      if (r < 0.5) {
        const t = { id: ++id, at: Math.floor(rng.next() * 1000) };
        q.push({ ...t, fn: noop });
        model.push(t);
      } else if (r < 0.8 && model.length) {
        const [gone] = model.splice(Math.floor(rng.next() * model.length), 1);
        q.cancel(gone!.id);
      } else {
        model.sort((a, b) => a.at - b.at || a.id - b.id);
        const expected = model[0] && model[0].at <= 500 ? model.shift() : undefined;
        expect(q.takeDue(500)?.id).toBe(expected?.id);
      }
      expect(q.size).toBe(model.length);
    }
  });

  it('drops cancelled entries instead of holding them: re-arming one timer forever stays small', () => {
    const q = new TimerQueue();
    q.push({ id: 0, at: 1, fn: noop });
    for (let id = 1; id <= 10_000; id++) {
      q.push({ id, at: 1_000_000 - id, fn: noop });
      q.cancel(id);
    }
    expect(q.size).toBe(1);
    expect(q.held).toBeLessThan(200);
    expect(q.takeDue(1)?.id).toBe(0);
  });
});

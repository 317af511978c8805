/**
 * Pending timers of a virtual clock, earliest first: a binary min-heap on (at, id), so timers due
 * at the same instant come out in creation order. Cancelling marks a timer and the heap drops it
 * when it reaches the top; taking the next due timer is O(log n) instead of a scan of all timers.
 */

export interface QueuedTimer {
  id: number;
  at: number;
  fn: () => void | Promise<void>;
}

const before = (a: QueuedTimer, b: QueuedTimer) => a.at < b.at || (a.at === b.at && a.id < b.id);

/** @example const q = new TimerQueue(); q.push({ id: 1, at: 10, fn }); q.takeDue(10); // that timer */
export class TimerQueue {
  private readonly heap: QueuedTimer[] = [];
  private readonly live = new Set<number>();

  get size(): number {
    return this.live.size;
  }

  push(timer: QueuedTimer): void {
    this.live.add(timer.id);
    const h = this.heap;
    h.push(timer);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  cancel(id: number): void {
    this.live.delete(id);
    // a scheduler re-arming one timer again and again would otherwise grow the heap with dead entries
    if (this.heap.length > 64 && this.heap.length > 2 * this.live.size) this.compact();
  }

  /** The earliest live timer, without removing it. */
  peek(): QueuedTimer | undefined {
    while (this.heap.length && !this.live.has(this.heap[0]!.id)) this.pop();
    return this.heap[0];
  }

  /** Removes and returns the earliest live timer if it is due at or before `target`. */
  takeDue(target: number): QueuedTimer | undefined {
    const top = this.peek();
    if (!top || top.at > target) return undefined;
    this.pop();
    this.live.delete(top.id);
    return top;
  }

  private compact(): void {
    const keep = this.heap.filter((t) => this.live.has(t.id)).sort((a, b) => (before(a, b) ? -1 : 1));
    this.heap.length = 0;
    // a sorted array is a valid heap
    this.heap.push(...keep);
  }

  /** The number of entries held, cancelled ones included (tests check they are dropped). */
  get held(): number {
    return this.heap.length;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < h.length && before(h[l]!, h[min]!)) min = l;
      if (r < h.length && before(h[r]!, h[min]!)) min = r;
      if (min === i) break;
      [h[i], h[min]] = [h[min]!, h[i]!];
      i = min;
    }
  }
}

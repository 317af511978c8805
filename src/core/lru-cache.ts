/**
 * A bounded map that forgets its least recently used entry: the cache of values that are cheap
 * to keep for the few keys in use and cheap enough to rebuild for the rest (parsed claim
 * submissions). A Map iterates in insertion order, so re-inserting on read keeps the oldest first.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  /** The most recently used key: reading it again needs no move (a hot key polled over and over). */
  private newest: K | undefined;

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`LruCache: capacity must be at least 1, got ${capacity}`);
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    if (this.newest !== key) {
      // delete + set on every read leaves a hole each time, and V8 rehashes the map to reclaim them
      this.entries.delete(key);
      this.entries.set(key, value);
      this.newest = key;
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
    if (this.newest === key) this.newest = undefined;
  }

  get size(): number {
    return this.entries.size;
  }
}

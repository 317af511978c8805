/**
 * The request journal (WireMock's name): every request the simulator answered, what it
 * answered and which faults were injected, in a bounded ring buffer so memory stays flat under
 * a million requests. No bodies are kept, only sizes and a few headers.
 */
import type { JournalEntry, JournalFilter } from '../contracts/journal.js';

export type JournalRecord = Omit<JournalEntry, 'seq'>;

/**
 * @example
 * const journal = new RequestJournal(1000);
 * journal.record(entry);
 * journal.query({ system: ['payer'], fault: ['connection-reset'] });
 */
export class RequestJournal {
  private readonly ring: (JournalEntry | undefined)[];
  private next = 0;
  private seq = 0;
  private count = 0;

  constructor(readonly capacity: number = 10_000) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`journal capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<JournalEntry | undefined>(capacity);
  }

  /** Append an entry, overwriting the oldest when full; returns it with its sequence number. */
  record(rec: JournalRecord): JournalEntry {
    const entry: JournalEntry = { seq: ++this.seq, ...rec };
    if (!this.ring[this.next]) this.count++;
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    return entry;
  }

  /** Entries currently held (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** The sequence number of the newest entry (0 when empty); entries are numbered from 1. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Held entries, oldest first. */
  all(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const e = this.ring[(this.next + i) % this.capacity];
      if (e) out.push(e);
    }
    return out;
  }

  /**
   * Matching entries, oldest first. With `since` (a seq), `limit` keeps the first entries after
   * it (for tailing page by page); without, the most recent `limit`.
   */
  query(filter: JournalFilter = {}): JournalEntry[] {
    const hits = this.all().filter((e) => matches(e, filter));
    if (filter.limit === undefined || hits.length <= filter.limit) return hits;
    return filter.since !== undefined ? hits.slice(0, filter.limit) : hits.slice(hits.length - filter.limit);
  }

  /** Matching entries as NDJSON: one JSON object per line, each line ending in `\n`. */
  toNdjson(filter: JournalFilter = {}): string {
    return this.query(filter).map((e) => JSON.stringify(e) + '\n').join('');
  }

  /** Drop every entry. Sequence numbers keep counting, so a client tailing with `since` sees no gap reused. */
  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}

function matches(e: JournalEntry, f: JournalFilter): boolean {
  if (f.since !== undefined && e.seq <= f.since) return false;
  if (f.system?.length && !f.system.includes(e.system)) return false;
  if (f.method && e.method !== f.method) return false;
  if (f.path && !e.url.startsWith(f.path)) return false;
  if (f.status !== undefined && e.status !== f.status) return false;
  if (f.fault?.length && !e.faults.some((x) => f.fault!.includes(x.kind))) return false;
  return true;
}

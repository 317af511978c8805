/**
 * The request journal (WireMock's name): every request the simulator answered, what it
 * answered and which faults were injected, bounded twice so memory stays flat under a million
 * requests: at most `capacity` entries and at most `maxBytes` of (estimated) entry size; the
 * oldest entries go first. No bodies are kept, only sizes and a few headers — but headers and
 * URLs are the client's, so a count bound alone would let long ones grow memory without limit.
 */
import type { JournalEntry, JournalFilter } from '../contracts/journal.js';

export type JournalRecord = Omit<JournalEntry, 'seq'>;

/** Default byte bound (of the estimate): 10,000 typical entries estimate at ~10 MB. */
export const DEFAULT_JOURNAL_MAX_BYTES = 32 * 1024 * 1024;

/** Fixed cost of an entry object, its arrays and numbers, in bytes (generous: a typical entry measures ~480 B of heap on Node 20, the estimate ~960 B). */
const ENTRY_OVERHEAD = 400;

/** A cheap upper estimate of an entry's heap size: strings at two bytes a character, plus the fixed cost. */
export function journalEntryBytes(e: JournalRecord): number {
  let chars = e.at.length + e.method.length + e.url.length + e.system.length;
  for (const headers of [e.requestHeaders, e.responseHeaders]) for (const k in headers) chars += k.length + headers[k]!.length + 16;
  for (const f of e.faults) chars += f.kind.length + f.ruleId.length + 32;
  return ENTRY_OVERHEAD + 2 * chars;
}

/**
 * @example
 * const journal = new RequestJournal(1000);
 * journal.record(entry);
 * journal.query({ system: ['payer'], fault: ['connection-reset'] });
 */
export class RequestJournal {
  private readonly ring: (JournalEntry | undefined)[];
  private readonly sizes: number[];
  /** Index of the oldest held entry. */
  private start = 0;
  private seq = 0;
  private count = 0;
  private heldBytes = 0;

  constructor(readonly capacity: number = 10_000, readonly maxBytes: number = DEFAULT_JOURNAL_MAX_BYTES) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`journal capacity must be a positive integer, got ${capacity}`);
    if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new RangeError(`journal maxBytes must be a positive integer, got ${maxBytes}`);
    this.ring = new Array<JournalEntry | undefined>(capacity);
    this.sizes = new Array<number>(capacity).fill(0);
  }

  /** Append an entry, dropping the oldest while over either bound; returns it with its sequence number. */
  record(rec: JournalRecord): JournalEntry {
    const entry: JournalEntry = { seq: ++this.seq, ...rec };
    const bytes = journalEntryBytes(rec);
    if (this.count === this.capacity) this.dropOldest();
    // the newest entry is always kept, however large
    while (this.count > 0 && this.heldBytes + bytes > this.maxBytes) this.dropOldest();
    const at = (this.start + this.count) % this.capacity;
    this.ring[at] = entry;
    this.sizes[at] = bytes;
    this.count++;
    this.heldBytes += bytes;
    return entry;
  }

  private dropOldest(): void {
    this.ring[this.start] = undefined;
    this.heldBytes -= this.sizes[this.start]!;
    this.start = (this.start + 1) % this.capacity;
    this.count--;
  }

  /** Estimated bytes of the entries held (at most `maxBytes`, unless one entry alone is larger). */
  get bytes(): number {
    return this.heldBytes;
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
    for (let i = 0; i < this.count; i++) out.push(this.ring[(this.start + i) % this.capacity]!);
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
    this.start = 0;
    this.count = 0;
    this.heldBytes = 0;
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

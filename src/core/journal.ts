/**
 * The request journal (WireMock's name): every request the simulator answered, what it
 * answered and which faults were injected, bounded twice so memory stays flat under a million
 * requests: at most `capacity` entries and at most `maxBytes` of (estimated) entry size; the
 * oldest entries go first. No bodies are kept, only sizes and a few headers — but headers and
 * URLs are the client's, so a count bound alone would let long ones grow memory without limit.
 *
 * Entries are held in columns (numbers in typed arrays; URLs and header records shared between
 * entries that repeat them) and become entry objects only when read.
 * Every entry outlives the young generation (10,000 requests pass before it is dropped), so an
 * object per entry, with its date string, header records and copies, was garbage the collector
 * promoted and compacted for every request: a tenth of `$inquire`'s CPU and its pauses.
 */
import type { JournalEntry, JournalFault, JournalFilter, WireOutcome } from '../contracts/journal.js';

export type JournalRecord = Omit<JournalEntry, 'seq'>;
/** What the engine hands over per request: `at` as epoch milliseconds, formatted only when the entry is read. */
export type JournalCapture = Omit<JournalRecord, 'at'> & { atMs: number };

/** Strings and header records kept once for every entry that repeats them; bounded, since clients choose them. */
const SHARED_MAX = 1024;
const SHARED_MAX_CHARS = 512;
const NO_FAULTS: readonly JournalFault[] = Object.freeze([]);
/** Epoch ms whose ISO string has a four-digit year (24 characters); outside, `toISOString` gives six digits and a sign. */
const ISO_4_DIGITS_FROM = -62_167_219_200_000;
const ISO_4_DIGITS_TO = 253_402_300_799_999;

class Shared<T> {
  private readonly held = new Map<string, T>();
  /** The value held under `key`, else `value` (held from now on while there is room). */
  get(key: string, value: T): T {
    const had = this.held.get(key);
    if (had !== undefined) return had;
    if (this.held.size < SHARED_MAX && key.length <= SHARED_MAX_CHARS) this.held.set(key, value);
    return value;
  }
}

/** A key naming a header record's names and values (NUL cannot occur in either); undefined when one does. */
function headersKey(headers: Record<string, string>): string | undefined {
  let key = '';
  for (const k in headers) {
    const v = headers[k]!;
    if (k.includes('\u0000') || v.includes('\u0000')) return undefined;
    key += `${k}\u0000${v}\u0000`;
  }
  return key;
}

/** Default byte bound (of the estimate): 10,000 typical entries estimate at ~10 MB. */
export const DEFAULT_JOURNAL_MAX_BYTES = 32 * 1024 * 1024;

/** Fixed cost of an entry object, its arrays and numbers, in bytes (generous: a typical entry measures ~480 B of heap on Node 20, the estimate ~960 B). */
const ENTRY_OVERHEAD = 400;

/** A cheap upper estimate of an entry's heap size: strings at two bytes a character, plus the fixed cost. */
export function journalEntryBytes(e: JournalRecord): number {
  return entryBytes(e.at.length, e);
}

function entryBytes(atLength: number, e: Omit<JournalRecord, 'at'>): number {
  let chars = atLength + e.method.length + e.url.length + e.system.length;
  for (const k in e.requestHeaders) chars += k.length + e.requestHeaders[k]!.length + 16;
  for (const k in e.responseHeaders) chars += k.length + e.responseHeaders[k]!.length + 16;
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
  private readonly sizes: number[];
  private readonly atMs: Float64Array;
  /** `at` as `record` was given it; undefined for a captured entry (formatted from `atMs` when read). */
  private readonly atTexts: (string | undefined)[];
  private readonly numbers: Float64Array;
  private readonly flags: Uint8Array;
  private readonly strings: (string | undefined)[];
  private readonly records: (Record<string, string> | undefined)[];
  private readonly faultLists: (JournalFault[] | undefined)[];
  private readonly urls = new Shared<string>();
  private readonly headerRecords = new Shared<Record<string, string>>();
  /** Index of the oldest held entry. */
  private start = 0;
  private seq = 0;
  private count = 0;
  private heldBytes = 0;

  constructor(readonly capacity: number = 10_000, readonly maxBytes: number = DEFAULT_JOURNAL_MAX_BYTES) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`journal capacity must be a positive integer, got ${capacity}`);
    if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new RangeError(`journal maxBytes must be a positive integer, got ${maxBytes}`);
    this.sizes = new Array<number>(capacity).fill(0);
    this.atMs = new Float64Array(capacity);
    this.atTexts = new Array<string | undefined>(capacity);
    // per slot: status, requestBytes, responseBytes, durationMs
    this.numbers = new Float64Array(capacity * 4);
    // per slot: handled (bit 0), requestBytes is null (bit 1)
    this.flags = new Uint8Array(capacity);
    // per slot: method, url, system, outcome
    this.strings = new Array<string | undefined>(capacity * 4);
    // per slot: request headers, response headers
    this.records = new Array<Record<string, string> | undefined>(capacity * 2);
    this.faultLists = new Array<JournalFault[] | undefined>(capacity);
  }

  /**
   * Append what the engine saw of one request: the entry `record` would hold for `at` =
   * `new Date(atMs).toISOString()`, without formatting the date or building the entry now.
   */
  capture(c: JournalCapture): void {
    const ms = c.atMs;
    const atLength = ms >= ISO_4_DIGITS_FROM && ms <= ISO_4_DIGITS_TO ? 24 : new Date(ms).toISOString().length;
    ++this.seq;
    this.put(this.slotFor(entryBytes(atLength, c)), c, ms, undefined);
  }

  /** Append an entry, dropping the oldest while over either bound; returns it with its sequence number. */
  record(rec: JournalRecord): JournalEntry {
    const slot = this.slotFor(journalEntryBytes(rec));
    this.put(slot, rec, NaN, rec.at);
    return this.entryAt(slot, ++this.seq);
  }

  /** Fills `at`'s columns (see the header); repeated URLs and header records are kept once. */
  private put(at: number, c: Omit<JournalRecord, 'at'>, ms: number, atText: string | undefined): void {
    this.atMs[at] = ms;
    this.atTexts[at] = atText;
    const n = at * 4;
    this.numbers[n] = c.status;
    this.numbers[n + 1] = c.requestBytes ?? 0;
    this.numbers[n + 2] = c.responseBytes;
    this.numbers[n + 3] = c.durationMs;
    this.flags[at] = (c.handled ? 1 : 0) | (c.requestBytes === null ? 2 : 0);
    this.strings[n] = c.method;
    this.strings[n + 1] = this.urls.get(c.url, c.url);
    this.strings[n + 2] = c.system;
    this.strings[n + 3] = c.outcome;
    this.records[at * 2] = this.shared(c.requestHeaders);
    this.records[at * 2 + 1] = this.shared(c.responseHeaders);
    this.faultLists[at] = c.faults.length === 0 ? undefined : c.faults;
  }

  private shared(headers: Record<string, string>): Record<string, string> {
    const key = headersKey(headers);
    return key === undefined ? headers : this.headerRecords.get(key, headers);
  }

  /** Makes room for an entry of `bytes` and returns its slot (counted as held). */
  private slotFor(bytes: number): number {
    if (this.count === this.capacity) this.dropOldest();
    // the newest entry is always kept, however large
    while (this.count > 0 && this.heldBytes + bytes > this.maxBytes) this.dropOldest();
    const at = (this.start + this.count) % this.capacity;
    this.sizes[at] = bytes;
    this.count++;
    this.heldBytes += bytes;
    return at;
  }

  /** The entry in `slot`, whose sequence number is `seq`, built from its columns. */
  private entryAt(slot: number, seq: number): JournalEntry {
    const n = slot * 4;
    const flags = this.flags[slot]!;
    return {
      seq,
      at: this.atTexts[slot] ?? new Date(this.atMs[slot]!).toISOString(),
      method: this.strings[n]!,
      url: this.strings[n + 1]!,
      system: this.strings[n + 2]!,
      status: this.numbers[n]!,
      outcome: this.strings[n + 3]! as WireOutcome,
      handled: (flags & 1) === 1,
      // copies: a record may be shared by many entries, and a reader may change what it got
      requestHeaders: { ...this.records[slot * 2] },
      responseHeaders: { ...this.records[slot * 2 + 1] },
      requestBytes: (flags & 2) === 2 ? null : this.numbers[n + 1]!,
      responseBytes: this.numbers[n + 2]!,
      faults: [...(this.faultLists[slot] ?? NO_FAULTS)],
      durationMs: this.numbers[n + 3]!,
    };
  }

  private dropOldest(): void {
    const slot = this.start;
    this.atTexts[slot] = undefined;
    this.strings.fill(undefined, slot * 4, slot * 4 + 4);
    this.records[slot * 2] = this.records[slot * 2 + 1] = undefined;
    this.faultLists[slot] = undefined;
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
    const first = this.seq - this.count + 1;
    for (let i = 0; i < this.count; i++) out.push(this.entryAt((this.start + i) % this.capacity, first + i));
    return out;
  }

  /**
   * Matching entries, oldest first. With `since` (a seq), `limit` keeps the first entries after
   * it (for tailing page by page); without, the most recent `limit`.
   */
  query(filter: JournalFilter = {}): JournalEntry[] {
    // entries are built for the hits only: a filter reads the columns
    const hits: JournalEntry[] = [];
    const first = this.seq - this.count + 1;
    for (let i = 0; i < this.count; i++) {
      const slot = (this.start + i) % this.capacity;
      if (this.slotMatches(slot, first + i, filter)) hits.push(this.entryAt(slot, first + i));
    }
    if (filter.limit === undefined || hits.length <= filter.limit) return hits;
    return filter.since !== undefined ? hits.slice(0, filter.limit) : hits.slice(hits.length - filter.limit);
  }

  /** `matches` for the entry in `slot`, read from its columns. */
  private slotMatches(slot: number, seq: number, f: JournalFilter): boolean {
    const n = slot * 4;
    return matches({ seq, method: this.strings[n]!, url: this.strings[n + 1]!, system: this.strings[n + 2]!, status: this.numbers[n]!, faults: this.faultLists[slot] ?? NO_FAULTS }, f);
  }

  /** Matching entries as NDJSON: one JSON object per line, each line ending in `\n`. */
  toNdjson(filter: JournalFilter = {}): string {
    return this.query(filter).map((e) => JSON.stringify(e) + '\n').join('');
  }

  /** Drop every entry. Sequence numbers keep counting, so a client tailing with `since` sees no gap reused. */
  clear(): void {
    this.atTexts.fill(undefined);
    this.strings.fill(undefined);
    this.records.fill(undefined);
    this.faultLists.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.heldBytes = 0;
  }
}

function matches(e: Pick<JournalEntry, 'seq' | 'method' | 'url' | 'system' | 'status'> & { faults: readonly JournalFault[] }, f: JournalFilter): boolean {
  if (f.since !== undefined && e.seq <= f.since) return false;
  if (f.system?.length && !f.system.includes(e.system)) return false;
  if (f.method && e.method !== f.method) return false;
  if (f.path && !e.url.startsWith(f.path)) return false;
  if (f.status !== undefined && e.status !== f.status) return false;
  if (f.fault?.length && !e.faults.some((x) => f.fault!.includes(x.kind))) return false;
  return true;
}

/**
 * Idempotency-Key records (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): per
 * client scope and key, the payload fingerprint and, once finished, the stored response to
 * replay. Keys expire `ttlMs` after first use, on the simulator clock. Only successful
 * responses are stored: a 4xx leaves no record, so the client may fix and retry with the key.
 * Finished records live in a state table (they survive a restart, with their expiry); in-flight
 * marks stay in this process only: a request cut short by a crash never finished, so after a
 * restart its key is free again rather than answering 409 forever.
 * A stored body larger than `COMPACT_FROM` bytes is kept deflated (a PAS response Bundle shrinks
 * to about a quarter): the record lives for the whole TTL, a replay is rare. A body the payer can
 * render again byte for byte (`finish` with a `source`: the answer about a claim that can no
 * longer change) is not kept at all, only what renders it.
 */
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { deflateRaw } from '../core/deflate-raw.js';
import type { Clock } from '../core/clock.js';
import { createStateStore, type Codec, type StateStore } from '../core/store/state-store.js';

export interface StoredResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type IdempotencyRecord =
  | { state: 'in-flight'; createdAt: number }
  | { state: 'done'; createdAt: number; fingerprint: string; businessKey: string; response: StoredResponse };

/**
 * JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` fingerprint alike. Built
 * by appending to one string (every `$submit` fingerprints its whole Bundle; mapping and joining
 * arrays per object was most of the cost).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += quotedKey(k);
    out += canonicalJson(v);
  }
  return `${out}}`;
}

/**
 * `"key":` for the keys FHIR documents use again and again (a Bundle has a few hundred keys from a
 * vocabulary of a few dozen): quoting each anew was a third of the canonical JSON's cost. Bounded,
 * since clients choose keys; past the bound a key is quoted every time.
 */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 4096;
function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`;
    if (quotedKeys.size < QUOTED_KEYS_MAX && k.length <= 64) quotedKeys.set(k, q);
  }
  return q;
}

/** sha256 of the canonical JSON of a body (of the raw text when it is not JSON). */
export function fingerprint(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // not JSON: fingerprint the bytes as sent
    return createHash('sha256').update(body).digest('hex');
  }
  return fingerprintOf(parsed);
}

/**
 * `fingerprint(text)` from what `JSON.parse(text)` gave (or any plain JSON value: objects,
 * arrays, strings, finite numbers, booleans, null): a handler that already parsed the body does
 * not parse it a second time.
 */
export function fingerprintOf(parsed: unknown): string {
  return createHash('sha256').update(canonicalJson(parsed)).digest('hex');
}

/**
 * What a stored body was rendered from, for a body the payer renders again on replay instead of
 * keeping it: the claim (at this version), the base URL and the instant it was answered at.
 */
export interface ResponseSource {
  claimId: string;
  version: number;
  origin: string;
  at: number;
}
/** Renders a body again from its source; undefined if it cannot (the claim changed since). */
export type RenderResponse = (source: ResponseSource) => string | undefined;

type DoneRecord = Extract<IdempotencyRecord, { state: 'done' }>;
/**
 * A done record as held: the body as text, or deflated in a buffer of its own (off the JS heap;
 * a slice of Node's shared Buffer pool would keep its whole 8 KB slab alive). Stored rows carry
 * the deflated body base64-encoded.
 */
type DoneRow = Omit<DoneRecord, 'response'> & { response: Omit<StoredResponse, 'body'> & { body?: string; deflated?: Uint8Array; source?: ResponseSource } };
type StoredRow = Omit<DoneRow, 'response'> & { response: Omit<DoneRow['response'], 'deflated'> & { deflated?: string } };

const COMPACT_FROM = 1024;

const rowCodec: Codec<DoneRow> = {
  encode: (row) => {
    const { deflated } = row.response;
    if (!deflated) return row;
    return { ...row, response: { ...row.response, deflated: Buffer.from(deflated.buffer, deflated.byteOffset, deflated.byteLength).toString('base64') } };
  },
  decode: (raw) => {
    const row = raw as StoredRow;
    const { deflated } = row.response;
    return { ...row, response: { ...row.response, deflated: deflated === undefined ? undefined : new Uint8Array(Buffer.from(deflated, 'base64')) } } as DoneRow;
  },
};

function compact(response: StoredResponse): DoneRow['response'] {
  if (response.body.length < COMPACT_FROM) return response;
  const { body, ...rest } = response;
  return { ...rest, deflated: new Uint8Array(deflateRaw(body)) };
}

function expand(row: DoneRow, render: RenderResponse | undefined): DoneRecord | undefined {
  const { body, deflated, source, ...rest } = row.response;
  if (source) {
    const rendered = render?.(source);
    return rendered === undefined ? undefined : { ...row, response: { ...rest, body: rendered } };
  }
  return { ...row, response: { ...rest, body: deflated === undefined ? (body ?? '') : inflateRawSync(deflated).toString('utf8') } };
}

export class IdempotencyStore {
  private readonly records;
  private readonly inFlight = new Map<string, IdempotencyRecord>();
  private begun = 0;

  constructor(private readonly clock: Clock, private readonly ttlMs: number, store: StateStore = createStateStore(), private readonly render?: RenderResponse) {
    // with a data directory, only the records used last stay in memory: a replay is rare
    this.records = store.table<DoneRow>('payer.idempotency', rowCodec, { cached: 1024 });
  }

  private key(scope: string, key: string) {
    return `${scope}\u0000${key}`;
  }

  /** The live record of a key; an expired one is forgotten. */
  get(scope: string, key: string): IdempotencyRecord | undefined {
    const k = this.key(scope, key);
    const flying = this.inFlight.get(k);
    if (flying) return flying;
    const rec = this.records.get(k);
    if (rec && this.clock.now() >= rec.createdAt + this.ttlMs) {
      this.records.delete(k);
      return undefined;
    }
    if (!rec) return undefined;
    const done = expand(rec, this.render);
    // a body that can no longer be rendered (cannot happen: only answers about claims that never
    // change are stored so) leaves the key free: the retry is answered by business-identifier deduplication
    if (!done) this.records.delete(k);
    return done;
  }

  /** Mark a key in flight: call synchronously, before the handler's first await. */
  begin(scope: string, key: string): void {
    if (++this.begun % 256 === 0) this.sweep();
    this.inFlight.set(this.key(scope, key), { state: 'in-flight', createdAt: this.clock.now() });
  }

  /** The request of a key answered `response`; with `source`, the body is rendered again on replay rather than kept. */
  finish(scope: string, key: string, fp: string, businessKey: string, response: StoredResponse, source?: ResponseSource): void {
    const k = this.key(scope, key);
    const createdAt = this.inFlight.get(k)?.createdAt ?? this.clock.now();
    this.inFlight.delete(k);
    const { body: _body, ...rest } = response;
    const stored = source && this.render ? { ...rest, source } : compact(response);
    this.records.set(k, { state: 'done', createdAt, fingerprint: fp, businessKey, response: stored });
  }

  /**
   * Drop expired records so memory stays bounded by the keys of one TTL window. Records are held
   * in the order they finished, which is nearly creation order, so the sweep stops at the first
   * live one instead of reading every record each time (one a little out of order waits for a
   * later sweep, and `get` never answers from an expired record anyway).
   */
  private sweep(): void {
    const now = this.clock.now();
    for (const [k, rec] of this.records.entries()) {
      if (now < rec.createdAt + this.ttlMs) break;
      this.records.delete(k);
    }
  }

  /** Forget a key whose request failed, so the client can retry it. */
  abandon(scope: string, key: string): void {
    this.inFlight.delete(this.key(scope, key));
  }
}

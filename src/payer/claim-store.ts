/**
 * The payer's claims: creation with deterministic ids and authorization numbers, lookup by
 * business identifiers (Bundle.identifier, Claim.identifier), pend resolution on the clock
 * (timers) or after N inquiries, and the decision hook a subscription notifier listens to.
 * Claims and the business-identifier index live in state tables. A claim keeps its request
 * Bundle as deflated JSON, not as the parsed submission (a tree of objects with indexes that
 * costs several times the JSON's bytes): the parsed form of recently used claims sits in a small
 * cache and is rebuilt by inflating and re-validating when it is needed again (an `$inquire`, a
 * pend resolution). A claim then costs a few KB however large its Bundle's narrative is.
 */
import { inflateRawSync } from 'node:zlib';
import { deflateRaw } from '../core/deflate-raw.js';
import type { Identifier } from '../contracts/fhir-base.js';
import type { PayerConfig } from '../contracts/payer-config.js';
import type { Clock } from '../core/clock.js';
import type { Rng } from '../core/rng.js';
import { adjudicateItem, resolvePendedItem, type ItemDecision } from './adjudicator.js';
import { validateSubmission, type Submission } from './submission-validator.js';
import type { PasRequestBundle } from '../contracts/pas.js';
import { createStateStore, type Codec, type StateStore } from '../core/store/state-store.js';
import { LruCache } from '../core/lru-cache.js';

export type ClaimId = string & { readonly __brand: 'ClaimId' };

export interface ClaimRecord {
  readonly id: ClaimId;
  /** `system|value` of Claim.identifier[0]: the ledger's business key. */
  readonly businessKey: string;
  /** The client that submitted it (client-identity.ts): identifiers are looked up within one client. */
  readonly client: string;
  /** Fingerprint of the submitted Bundle: the same identifier with another payload is refused. */
  readonly fingerprint: string;
  readonly authorizationNumber: string;
  /**
   * The submitted Bundle as deflated JSON (about a third of the JSON's bytes), in a Buffer: off
   * the JS heap, where 50,000 claims' worth of base64 strings was a third of each claim's heap.
   * Stored rows carry it base64-encoded.
   */
  readonly bundleDeflated: Uint8Array;
  /** Who and what the claim is for, kept small for `$inquire` by patient + provider. */
  readonly parties: ClaimParties;
  /** The parsed submission, from the store's cache or parsed again from `bundleText`. */
  readonly submission: Submission;
  readonly createdAt: number;
  /** Last change (decision or pend resolution), epoch ms. */
  updatedAt: number;
  /** Bumped on every change, so response Bundle ids differ per state. */
  version: number;
  decisions: ItemDecision[];
}

export interface DecisionEvent {
  claim: ClaimRecord;
  /** `submitted`: first adjudication (possibly A4); `pend-resolved`: a pended item got its final decision. */
  kind: 'submitted' | 'pend-resolved';
}
export type DecisionListener = (event: DecisionEvent) => void;

export const identifierKey = (id: Identifier | undefined) => (id?.value ? `${id.system ?? ''}|${id.value}` : undefined);
const scoped = (client: string, key: string) => `${client}\u0000${key}`;
const partiesKey = (client: string, patient: string, provider: string) => `${client}\u0000${patient}\u0000${provider}`;
export const isPended = (c: ClaimRecord) => c.decisions.some((d) => d.code === 'A4');

export interface ClaimParties {
  patient: string;
  provider: string;
  codes: string[];
}

/** Parsed submissions kept per store: enough for the claims in flight, not for every claim. */
const PARSED_CACHE_SIZE = 512;
/** Claims (and index rows) kept live with a data directory; the rest are read from it by key. */
const LIVE_ROWS = 2048;

type ClaimFields = Omit<ClaimRecord, 'submission' | 'parties'> & { parties?: ClaimParties };
/** A stored row: the deflated Bundle base64-encoded; rows written before it was deflated carry the Bundle parsed. */
type StoredClaim = Omit<ClaimFields, 'bundleDeflated'> & { bundleDeflated?: string; bundle?: PasRequestBundle };

// A copy into its own ArrayBuffer: zlib's small results are slices of Node's shared 8 KB Buffer pool,
// and one long-lived slice keeps its whole slab alive (10,000 claims held 162 MB of slabs).
const owned = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);
const deflate = (bundle: PasRequestBundle): Uint8Array => owned(deflateRaw(JSON.stringify(bundle)));
const inflate = (bytes: Uint8Array) => JSON.parse(inflateRawSync(bytes).toString('utf8')) as PasRequestBundle;

const partiesOf = (s: Submission): ClaimParties => ({
  patient: s.claim.patient.reference ?? '',
  provider: s.claim.provider.reference ?? '',
  codes: s.items.map((i) => i.coding.code),
});

export class ClaimStore {
  private readonly claims;
  private readonly byBusinessId;
  private readonly listeners: DecisionListener[] = [];

  private readonly parsed = new LruCache<ClaimId, Submission>(PARSED_CACHE_SIZE);
  /** client + patient + provider → claim ids, oldest first; built on the first lookup by parties. */
  private byParties: Map<string, ClaimId[]> | undefined;

  constructor(private readonly deps: { clock: Clock; rng: Rng; config: PayerConfig; store?: StateStore; questionnaireVersion?: () => string }) {
    const store = deps.store ?? createStateStore();
    const codec: Codec<ClaimRecord> = {
      // `submission` is not an own enumerable field: the row holds the text, never the parsed tree
      encode: (claim) => ({ ...claim, bundleDeflated: Buffer.from(claim.bundleDeflated.buffer, claim.bundleDeflated.byteOffset, claim.bundleDeflated.byteLength).toString('base64') }),
      decode: (raw) => {
        const { bundle, bundleDeflated, ...rest } = raw as StoredClaim;
        return this.record({ ...rest, bundleDeflated: bundleDeflated !== undefined ? owned(Buffer.from(bundleDeflated, 'base64')) : deflate(bundle!) });
      },
    };
    this.claims = store.table<ClaimRecord>('payer.claims', codec, { cached: LIVE_ROWS });
    this.byBusinessId = store.table<ClaimId>('payer.business-ids', undefined, { cached: LIVE_ROWS });
  }

  /**
   * Claim records share one prototype whose `submission` getter reads the cache or parses the
   * Bundle again: a getter defined on each record (a closure, and the record in dictionary mode)
   * cost a few hundred bytes per claim.
   */
  private readonly proto: object = (() => {
    const parse = (fields: ClaimFields): Submission => {
      let s = this.parsed.get(fields.id);
      if (!s) {
        // the Bundle passed validation when it was submitted; validating again rebuilds its indexes
        s = validateSubmission(inflate(fields.bundleDeflated));
        this.parsed.set(fields.id, s);
      }
      return s;
    };
    return Object.defineProperty({}, 'submission', {
      get(this: ClaimFields) {
        return parse(this);
      },
      enumerable: false,
    });
  })();

  /** A claim record whose `submission` comes from the cache or is parsed again from its text. */
  private record(fields: ClaimFields, submission?: Submission): ClaimRecord {
    if (submission) this.parsed.set(fields.id, submission);
    // `submission` is inherited, not an own field: spreads and rows never carry the parsed tree
    const claim = Object.assign(Object.create(this.proto) as ClaimFields, fields);
    claim.parties ??= partiesOf(submission ?? (claim as ClaimRecord).submission);
    return claim as ClaimRecord;
  }

  /** The DTR questionnaire version current now, which adjudication compares a response's against. */
  private dtrVersion(): { questionnaireVersion?: string } {
    return this.deps.questionnaireVersion ? { questionnaireVersion: this.deps.questionnaireVersion() } : {};
  }

  /** Re-arm the pend timers of stored claims (after a restart); those already due fire at once. */
  resumeTimers(): void {
    for (const claim of this.claims.values()) this.schedulePends(claim);
  }

  private schedulePends(claim: ClaimRecord): void {
    claim.decisions.forEach((d, i) => {
      if (d.code !== 'A4' || d.pend?.until === undefined) return;
      // the timer holds the claim's id, not the record: a pend lasts days, and the record may be
      // evicted to the data directory meanwhile (it is read again when the timer fires)
      const id = claim.id;
      this.deps.clock.setTimer(d.pend.until, () => {
        const current = this.claims.get(id);
        if (current) this.resolveDue(current, i);
      });
    });
  }

  /** Subscribe to decisions; returns the unsubscribe function. */
  onDecision(listener: DecisionListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener) >>> 0, 1);
  }

  /**
   * The claim of `client` a Bundle/Claim identifier already belongs to (business-key
   * deduplication), with the index of the identifier that matched.
   */
  findByIdentifiers(ids: readonly (Identifier | undefined)[], client: string): { claim: ClaimRecord; matched: number } | undefined {
    for (const [i, id] of ids.entries()) {
      const key = identifierKey(id);
      const claimId = key && this.byBusinessId.get(scoped(client, key));
      if (claimId) return { claim: this.claims.get(claimId)!, matched: i };
    }
    return undefined;
  }

  /** The latest claim for this patient and provider (references as submitted), optionally for one code. */
  findByParties(patient: string, provider: string, client: string, code?: string): ClaimRecord | undefined {
    if (!this.byParties) {
      this.byParties = new Map();
      for (const c of this.claims.values()) this.indexParties(c);
    }
    const ids = this.byParties.get(partiesKey(client, patient, provider)) ?? [];
    for (let i = ids.length - 1; i >= 0; i--) {
      const c = this.claims.get(ids[i]!);
      if (c && (!code || c.parties.codes.includes(code))) return c;
    }
    return undefined;
  }

  private indexParties(c: ClaimRecord): void {
    if (!this.byParties) return;
    const key = partiesKey(c.client, c.parties.patient, c.parties.provider);
    const ids = this.byParties.get(key);
    if (ids) ids.push(c.id);
    else this.byParties.set(key, [c.id]);
  }

  get(id: string): ClaimRecord | undefined {
    return this.claims.get(id);
  }

  /** Adjudicate a validated submission into a new claim, scheduling its pends on the clock. */
  create(submission: Submission, owner: { client: string; fingerprint: string }): ClaimRecord {
    const now = this.deps.clock.now();
    const ev = { ...submission.evidence, now, ...this.dtrVersion() };
    const claim = this.record(
      {
        id: `pa-${this.deps.rng.hex(6)}` as ClaimId,
        businessKey: identifierKey(submission.claim.identifier[0])!,
        client: owner.client,
        fingerprint: owner.fingerprint,
        authorizationNumber: `PA${String(this.deps.rng.int(0, 9_999_999_999)).padStart(10, '0')}`,
        bundleDeflated: deflate(submission.bundle),
        createdAt: now,
        updatedAt: now,
        version: 1,
        decisions: submission.items.map((item) => adjudicateItem(item, ev, this.deps.config)),
      },
      submission,
    );
    this.claims.set(claim.id, claim);
    this.indexParties(claim);
    for (const id of [submission.bundle.identifier, ...submission.claim.identifier]) {
      const key = identifierKey(id);
      if (key && !this.byBusinessId.has(scoped(owner.client, key))) this.byBusinessId.set(scoped(owner.client, key), claim.id);
    }
    this.schedulePends(claim);
    this.emit({ claim, kind: 'submitted' });
    return claim;
  }

  /** An `$inquire` arrived: count it against `pendInquiries` and resolve whatever is due. */
  inquire(claim: ClaimRecord): void {
    claim.decisions.forEach((d, i) => {
      if (d.code !== 'A4' || d.pend?.inquiriesLeft === undefined) return;
      d.pend.inquiriesLeft -= 1;
      this.claims.touch(claim.id);
      if (d.pend.inquiriesLeft <= 0) this.resolve(claim, i);
    });
    claim.decisions.forEach((_, i) => this.resolveDue(claim, i));
  }

  /** Resolve item `i` if its pend time has come (a timer fired, or a lazy check on read). */
  resolveDue(claim: ClaimRecord, i: number): void {
    const until = claim.decisions[i]?.pend?.until;
    if (claim.decisions[i]?.code === 'A4' && until !== undefined && until <= this.deps.clock.now()) this.resolve(claim, i);
  }

  /**
   * Decide every pended item of `claim` now with `final` (the admin "release"), with the payer
   * reviewer's own reason text when given; false when nothing was pended.
   */
  release(claim: ClaimRecord, final: 'A1' | 'A2' | 'A3' | 'A6' | 'CT' | 'evidence', reasonText?: string): boolean {
    let released = false;
    claim.decisions.forEach((d, i) => {
      if (d.code !== 'A4' || !d.pend) return;
      d.pend.final = final;
      this.resolve(claim, i, reasonText);
      released = true;
    });
    return released;
  }

  /** Claims, newest last (for the admin API). */
  list(): ClaimRecord[] {
    return [...this.claims.values()];
  }

  private resolve(claim: ClaimRecord, i: number, reasonText?: string): void {
    const now = this.deps.clock.now();
    const item = claim.submission.items[i]!;
    const decided = resolvePendedItem(item, claim.decisions[i]!, { ...claim.submission.evidence, now, ...this.dtrVersion() }, this.deps.config);
    claim.decisions[i] = reasonText && decided.code !== 'A1' ? { ...decided, reason: { code: 'payer-reviewer', text: reasonText } } : decided;
    claim.updatedAt = now;
    claim.version += 1;
    this.claims.touch(claim.id);
    this.emit({ claim, kind: 'pend-resolved' });
  }

  private emit(event: DecisionEvent): void {
    for (const l of [...this.listeners]) l(event);
  }
}

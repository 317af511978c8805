/**
 * The payer's claims: creation with deterministic ids and authorization numbers, lookup by
 * business identifiers (Bundle.identifier, Claim.identifier), pend resolution on the clock
 * (timers) or after N inquiries, and the decision hook a subscription notifier listens to.
 * Claims and the business-identifier index live in state tables; a claim is stored with its
 * request Bundle and re-validated lazily after a restart (the parsed submission holds indexes).
 */
import type { Identifier } from '../contracts/fhir-base.js';
import type { PayerConfig } from '../contracts/payer-config.js';
import type { Clock } from '../core/clock.js';
import type { Rng } from '../core/rng.js';
import { adjudicateItem, resolvePendedItem, type ItemDecision } from './adjudicator.js';
import { validateSubmission, type Submission } from './submission-validator.js';
import type { PasRequestBundle } from '../contracts/pas.js';
import { createStateStore, type Codec, type StateStore } from '../core/store/state-store.js';

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
export const isPended = (c: ClaimRecord) => c.decisions.some((d) => d.code === 'A4');

type StoredClaim = Omit<ClaimRecord, 'submission'> & { bundle: PasRequestBundle };

const claimCodec: Codec<ClaimRecord> = {
  encode: ({ submission, ...rest }) => ({ ...rest, bundle: submission.bundle }),
  decode(raw) {
    const { bundle, ...rest } = raw as StoredClaim;
    let submission: Submission | undefined;
    // a stored Bundle passed validation once; parsing it again is deferred until it is needed
    return Object.defineProperty(rest, 'submission', { get: () => (submission ??= validateSubmission(bundle)), enumerable: true }) as ClaimRecord;
  },
};

export class ClaimStore {
  private readonly claims;
  private readonly byBusinessId;
  private readonly listeners: DecisionListener[] = [];

  constructor(private readonly deps: { clock: Clock; rng: Rng; config: PayerConfig; store?: StateStore; questionnaireVersion?: () => string }) {
    const store = deps.store ?? createStateStore();
    this.claims = store.table<ClaimRecord>('payer.claims', claimCodec);
    this.byBusinessId = store.table<ClaimId>('payer.business-ids');
  }

  /** Re-arm the pend timers of stored claims (after a restart); those already due fire at once. */
  private dtrVersion(): { questionnaireVersion?: string } {
    return this.deps.questionnaireVersion ? { questionnaireVersion: this.deps.questionnaireVersion() } : {};
  }

  resumeTimers(): void {
    for (const claim of this.claims.values()) this.schedulePends(claim);
  }

  private schedulePends(claim: ClaimRecord): void {
    claim.decisions.forEach((d, i) => {
      if (d.code === 'A4' && d.pend?.until !== undefined) this.deps.clock.setTimer(d.pend.until, () => this.resolveDue(claim, i));
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
    const matches = [...this.claims.values()].filter((c) => {
      if (c.client !== client) return false;
      const req = c.submission.claim;
      return req.patient.reference === patient && req.provider.reference === provider && (!code || c.submission.items.some((i) => i.coding.code === code));
    });
    return matches.at(-1);
  }

  get(id: string): ClaimRecord | undefined {
    return this.claims.get(id);
  }

  /** Adjudicate a validated submission into a new claim, scheduling its pends on the clock. */
  create(submission: Submission, owner: { client: string; fingerprint: string }): ClaimRecord {
    const now = this.deps.clock.now();
    const ev = { ...submission.evidence, now, ...this.dtrVersion() };
    const claim: ClaimRecord = {
      id: `pa-${this.deps.rng.hex(6)}` as ClaimId,
      businessKey: identifierKey(submission.claim.identifier[0])!,
      client: owner.client,
      fingerprint: owner.fingerprint,
      authorizationNumber: `PA${String(this.deps.rng.int(0, 9_999_999_999)).padStart(10, '0')}`,
      submission,
      createdAt: now,
      updatedAt: now,
      version: 1,
      decisions: submission.items.map((item) => adjudicateItem(item, ev, this.deps.config)),
    };
    this.claims.set(claim.id, claim);
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

/**
 * The payer's claims: creation with deterministic ids and authorization numbers, lookup by
 * business identifiers (Bundle.identifier, Claim.identifier), pend resolution on the clock
 * (timers) or after N inquiries, and the decision hook a subscription notifier listens to.
 */
import type { Identifier } from '../contracts/fhir-base.js';
import type { PayerConfig } from '../contracts/payer-config.js';
import type { Clock } from '../core/clock.js';
import type { Rng } from '../core/rng.js';
import { adjudicateItem, resolvePendedItem, type ItemDecision } from './adjudicator.js';
import type { Submission } from './submission-validator.js';

export type ClaimId = string & { readonly __brand: 'ClaimId' };

export interface ClaimRecord {
  readonly id: ClaimId;
  /** `system|value` of Claim.identifier[0]: the ledger's business key. */
  readonly businessKey: string;
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
export const isPended = (c: ClaimRecord) => c.decisions.some((d) => d.code === 'A4');

export class ClaimStore {
  private readonly claims = new Map<ClaimId, ClaimRecord>();
  private readonly byBusinessId = new Map<string, ClaimId>();
  private readonly listeners: DecisionListener[] = [];

  constructor(private readonly deps: { clock: Clock; rng: Rng; config: PayerConfig }) {}

  /** Subscribe to decisions; returns the unsubscribe function. */
  onDecision(listener: DecisionListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener) >>> 0, 1);
  }

  /** The claim a Bundle/Claim identifier already belongs to (business-key deduplication). */
  findByIdentifiers(ids: readonly (Identifier | undefined)[]): ClaimRecord | undefined {
    for (const id of ids) {
      const key = identifierKey(id);
      const claimId = key && this.byBusinessId.get(key);
      if (claimId) return this.claims.get(claimId);
    }
    return undefined;
  }

  /** The latest claim for this patient and provider (references as submitted), optionally for one code. */
  findByParties(patient: string, provider: string, code?: string): ClaimRecord | undefined {
    const matches = [...this.claims.values()].filter((c) => {
      const req = c.submission.claim;
      return req.patient.reference === patient && req.provider.reference === provider && (!code || c.submission.items.some((i) => i.coding.code === code));
    });
    return matches.at(-1);
  }

  get(id: string): ClaimRecord | undefined {
    return this.claims.get(id as ClaimId);
  }

  /** Adjudicate a validated submission into a new claim, scheduling its pends on the clock. */
  create(submission: Submission): ClaimRecord {
    const now = this.deps.clock.now();
    const ev = { ...submission.evidence, now };
    const claim: ClaimRecord = {
      id: `pa-${this.deps.rng.hex(6)}` as ClaimId,
      businessKey: identifierKey(submission.claim.identifier[0])!,
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
      if (key && !this.byBusinessId.has(key)) this.byBusinessId.set(key, claim.id);
    }
    claim.decisions.forEach((d, i) => {
      if (d.pend?.until !== undefined) this.deps.clock.setTimer(d.pend.until, () => this.resolveDue(claim, i));
    });
    this.emit({ claim, kind: 'submitted' });
    return claim;
  }

  /** An `$inquire` arrived: count it against `pendInquiries` and resolve whatever is due. */
  inquire(claim: ClaimRecord): void {
    claim.decisions.forEach((d, i) => {
      if (d.code !== 'A4' || d.pend?.inquiriesLeft === undefined) return;
      d.pend.inquiriesLeft -= 1;
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
    const decided = resolvePendedItem(item, claim.decisions[i]!, { ...claim.submission.evidence, now }, this.deps.config);
    claim.decisions[i] = reasonText && decided.code !== 'A1' ? { ...decided, reason: { code: 'payer-reviewer', text: reasonText } } : decided;
    claim.updatedAt = now;
    claim.version += 1;
    this.emit({ claim, kind: 'pend-resolved' });
  }

  private emit(event: DecisionEvent): void {
    for (const l of [...this.listeners]) l(event);
  }
}

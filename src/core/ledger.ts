/**
 * The source of truth for exactly-once invariants: per business key (a PAS Bundle/Claim
 * identifier or an execution id), how many claims were adjudicated, how many duplicates were
 * absorbed and by which mechanism, notifications and review tasks. Kept in a state table, so a
 * simulator with a data directory never forgets what it counted.
 */
import { createStateStore, type StateTable } from './store/state-store.js';

export type DuplicateMechanism = 'idempotency-key-replay' | 'idempotency-key-conflict' | 'idempotency-key-in-flight' | 'business-identifier';

export interface LedgerEntry {
  businessKey: string;
  claimIds: string[];
  adjudications: number;
  duplicates: Record<DuplicateMechanism, number>;
  notificationsSent: number;
  notificationsDropped: number;
  notificationsDuplicated: number;
  reviewTasks: number;
}

export interface LedgerTotals {
  claims: number;
  adjudications: number;
  duplicates: Record<DuplicateMechanism, number>;
  reviewTasks: number;
  notificationsSent: number;
}

/** The ledger's table options: with a data directory, entries used last stay live, the rest are read back by key. */
export const LEDGER_TABLE = { cached: 2048 } as const;

const zeroDuplicates = (): Record<DuplicateMechanism, number> => ({
  'idempotency-key-replay': 0,
  'idempotency-key-conflict': 0,
  'idempotency-key-in-flight': 0,
  'business-identifier': 0,
});

export class Ledger {
  constructor(private readonly entries: StateTable<LedgerEntry> = createStateStore().table('engine.ledger')) {}

  /** The entry of a business key, created if new; marked changed, as every caller is about to count. */
  entry(businessKey: string): LedgerEntry {
    let e = this.entries.get(businessKey);
    if (!e) {
      e = { businessKey, claimIds: [], adjudications: 0, duplicates: zeroDuplicates(), notificationsSent: 0, notificationsDropped: 0, notificationsDuplicated: 0, reviewTasks: 0 };
      this.entries.set(businessKey, e);
    } else this.entries.touch(businessKey);
    return e;
  }

  recordClaim(businessKey: string, claimId: string): void {
    const e = this.entry(businessKey);
    e.claimIds.push(claimId);
    e.adjudications += 1;
  }

  recordDuplicate(businessKey: string, mechanism: DuplicateMechanism): void {
    this.entry(businessKey).duplicates[mechanism] += 1;
  }

  recordNotification(businessKey: string, what: 'sent' | 'dropped' | 'duplicated'): void {
    const e = this.entry(businessKey);
    if (what === 'sent') e.notificationsSent += 1;
    else if (what === 'dropped') e.notificationsDropped += 1;
    else e.notificationsDuplicated += 1;
  }

  recordReviewTask(businessKey: string): void {
    this.entry(businessKey).reviewTasks += 1;
  }

  get(businessKey: string): LedgerEntry | undefined {
    return this.entries.get(businessKey);
  }

  all(): LedgerEntry[] {
    return [...this.entries.values()];
  }

  totals(): LedgerTotals {
    const t: LedgerTotals = { claims: 0, adjudications: 0, duplicates: zeroDuplicates(), reviewTasks: 0, notificationsSent: 0 };
    for (const e of this.entries.values()) {
      t.claims += e.claimIds.length;
      t.adjudications += e.adjudications;
      t.reviewTasks += e.reviewTasks;
      t.notificationsSent += e.notificationsSent;
      for (const k of Object.keys(e.duplicates) as DuplicateMechanism[]) t.duplicates[k] += e.duplicates[k];
    }
    return t;
  }

  clear(): void {
    this.entries.clear();
  }
}

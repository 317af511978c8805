/**
 * Invariant checks of DESIGN.md §5 on one finished run, from the evidence the simulator and
 * the runtime keep — the ledger, the journal and the execution history — never from what the
 * orchestrator says about itself.
 */
import type { JournalEntry } from '../contracts/journal.js';
import type { LedgerTotals } from '../core/ledger.js';
import type { Scenario } from '../contracts/scenario.js';
import type { PollingConfig } from '../../orchestrator/workflow-types.js';

export interface RunEvidence {
  scenario: Scenario;
  status: string;
  outcome?: string;
  reason?: string;
  ledger: LedgerTotals;
  journal: JournalEntry[];
  polling: PollingConfig;
  /**
   * Simulated crashes in the run. A crash between a side effect and its checkpoint is the one
   * allowed window (§5.2): the interrupted poll is repeated, so each crash allows one extra inquiry.
   */
  crashes?: number;
}

export interface Violation {
  invariant: string;
  detail: string;
}

const submits = (j: JournalEntry[]) => j.filter((e) => e.method === 'POST' && e.url.startsWith('/payer/fhir/Claim/$submit'));
const inquiries = (j: JournalEntry[]) => j.filter((e) => e.method === 'POST' && e.url.startsWith('/payer/fhir/Claim/$inquire'));

export function checkInvariants(e: RunEvidence): Violation[] {
  const v: Violation[] = [];
  if (e.ledger.claims > 1) v.push({ invariant: '1 one adjudication per request', detail: `the payer adjudicated ${e.ledger.claims} claims for one execution` });

  const keys = new Set(submits(e.journal).map((s) => s.requestHeaders['idempotency-key'] ?? '(none)'));
  if (keys.size > 1) v.push({ invariant: '3 stable keys', detail: `submissions carried ${keys.size} different Idempotency-Keys: ${[...keys].join(', ')}` });

  if (e.status !== 'SUCCEEDED') v.push({ invariant: '4 no lost executions', detail: `the execution ended ${e.status}, not with an outcome` });

  const expected = e.scenario.expected;
  if (e.outcome !== expected.outcome) v.push({ invariant: '5 right outcome', detail: `expected ${expected.outcome}, got ${e.outcome ?? '(none)'}${e.reason ? ` (${e.reason})` : ''}` });
  if (expected.reasonContains && !e.reason?.includes(expected.reasonContains)) v.push({ invariant: '5 right outcome', detail: `reason should contain "${expected.reasonContains}", got "${e.reason ?? ''}"` });
  if (expected.claims !== undefined && e.ledger.claims !== expected.claims) v.push({ invariant: '5 right outcome', detail: `expected ${expected.claims} claim(s) in the ledger, found ${e.ledger.claims}` });
  if (e.outcome === 'REJECTED' && submits(e.journal).length > 0) v.push({ invariant: '5 right outcome', detail: 'a physician rejection was followed by a submission' });

  const polls = inquiries(e.journal);
  const crashes = e.crashes ?? 0;
  if (polls.length > e.polling.maxAttempts + crashes) v.push({ invariant: '7 backoff within bounds', detail: `${polls.length} inquiries, more than the cap of ${e.polling.maxAttempts}${crashes ? ` (+${crashes} repeated after crashes)` : ''}` });
  let repeats = 0;
  for (let i = 1; i < polls.length; i++) {
    const gap = (Date.parse(polls[i]!.at) - Date.parse(polls[i - 1]!.at)) / 1000;
    if (gap === 0 && repeats < crashes) {
      repeats += 1;
      continue;
    }
    if (gap < e.polling.initialSeconds) {
      v.push({ invariant: '7 backoff within bounds', detail: `inquiries ${i} and ${i + 1} were ${gap} s apart, less than the ${e.polling.initialSeconds} s minimum` });
      break;
    }
  }
  return v;
}

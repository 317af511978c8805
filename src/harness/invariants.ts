/**
 * Invariant checks of docs/invariants.md on one finished run, from the evidence the simulator and
 * the runtime keep — the ledger, the journal and the execution history — never from what the
 * orchestrator says about itself.
 */
import type { JournalEntry } from '../contracts/journal.js';
import type { LedgerTotals } from '../core/ledger.js';
import type { Scenario } from '../contracts/scenario.js';
import { isDeepStrictEqual } from 'node:util';
import type { PollingConfig } from '../../orchestrator/workflow-types.js';
import { backoffSeconds } from '../../orchestrator/retry-policy.js';
import type { HistoryEvent, ReplayOutcome } from '../../orchestrator/runtime/index.js';
import type { Rerun } from './step-probe.js';
import type { PlacedModelCall } from './model-evidence.js';

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
  /** The execution's stored result. */
  result?: unknown;
  /** The runtime's history of the execution (invariants 2 and 6). */
  history?: HistoryEvent[];
  /** Calls the step probe saw after their operation had checkpointed success (invariant 2). */
  reruns?: Rerun[];
  /** Replays of the finished execution over its history (invariant 8). */
  replays?: ReplayOutcome[];
  /** The payer's claims as the payer sees them (invariant 5: the outcome is what the payer decided). */
  payerClaims?: PayerClaim[];
  /** The execution's model calls from the simulator's token ledger (invariant 9). */
  modelCalls?: PlacedModelCall[];
}

export interface PayerClaim {
  id: string;
  authorizationNumber?: string;
  pended: boolean;
  /** X12 306 review action codes in the order the payer decided them (A4 then A1 for a pend that ended approved). */
  reviewActions: string[];
}

/** X12 306 codes (DOMAIN.md) → the outcome an orchestrator must report; kept apart from the orchestrator's own mapping on purpose. */
const OUTCOME_OF_REVIEW_ACTION: Record<string, string> = { A1: 'APPROVED', A2: 'PARTIALLY_APPROVED', A6: 'MODIFIED', A3: 'DENIED' };

export interface Violation {
  invariant: string;
  detail: string;
}

const submits = (j: JournalEntry[]) => j.filter((e) => e.method === 'POST' && e.url.startsWith('/payer/fhir/Claim/$submit'));
const isInquiry = (e: JournalEntry) => e.method === 'POST' && e.url.startsWith('/payer/fhir/Claim/$inquire');
const isSubscriptionCreated = (e: JournalEntry | undefined) => e?.method === 'POST' && e.url.split('?')[0] === '/payer/fhir/Subscription' && e.status === 201;
/**
 * The inquiries the workflow polled with. The one read right after a Subscription was created
 * (subscribe, then look: was the claim decided before the subscription?) is not a poll.
 */
const inquiries = (j: JournalEntry[]) => j.filter((e, i) => isInquiry(e) && !isSubscriptionCreated(j[i - 1]));

export function checkInvariants(e: RunEvidence): Violation[] {
  const v: Violation[] = [];
  if (e.ledger.claims > 1) v.push({ invariant: '1 one adjudication per request', detail: `the payer adjudicated ${e.ledger.claims} claims for one execution` });

  const keys = new Set(submits(e.journal).map((s) => s.requestHeaders['idempotency-key'] ?? '(none)'));
  if (keys.size > 1) v.push({ invariant: '3 stable keys', detail: `submissions carried ${keys.size} different Idempotency-Keys: ${[...keys].join(', ')}` });

  if (e.status === 'RUNNING') v.push({ invariant: '4 no lost executions', detail: 'the execution was still RUNNING when the run stopped (30 simulated days, or polling ran away)' });
  else if (e.status !== 'SUCCEEDED') v.push({ invariant: '4 no lost executions', detail: `the execution ended ${e.status}, not with an outcome` });

  const expected = e.scenario.expected;
  if (e.outcome !== expected.outcome) v.push({ invariant: '5 right outcome', detail: `expected ${expected.outcome}, got ${e.outcome ?? '(none)'}${e.reason ? ` (${e.reason})` : ''}` });
  if (expected.reasonContains && !e.reason?.includes(expected.reasonContains)) v.push({ invariant: '5 right outcome', detail: `reason should contain "${expected.reasonContains}", got "${e.reason ?? ''}"` });
  if (expected.claims !== undefined && e.ledger.claims !== expected.claims) v.push({ invariant: '5 right outcome', detail: `expected ${expected.claims} claim(s) in the ledger, found ${e.ledger.claims}` });
  if (e.outcome === 'REJECTED' && submits(e.journal).length > 0) v.push({ invariant: '5 right outcome', detail: 'a physician rejection was followed by a submission' });
  v.push(...outcomeIsThePayers(e));

  const polls = inquiries(e.journal);
  const crashes = e.crashes ?? 0;
  if (polls.length > e.polling.maxAttempts + crashes) v.push({ invariant: '7 backoff within bounds', detail: `${polls.length} inquiries, more than the cap of ${e.polling.maxAttempts}${crashes ? ` (+${crashes} repeated after crashes)` : ''}` });
  const spacing = pollSpacing(polls, e.polling, crashes);
  if (spacing) v.push({ invariant: '7 backoff within bounds', detail: spacing });
  v.push(...completedStepsNotRerun(e), ...callbacksAtMostOnce(e), ...replayDeterminism(e), ...agentsPaidOnce(e));
  return v;
}

/**
 * A decided outcome (approved, partial, modified, denied) must be the payer's final decision on
 * the one claim, with the payer's authorization number. MANUAL_REVIEW may stand beside any payer
 * state (the orchestrator gave up waiting and handed over to a person).
 */
function outcomeIsThePayers(e: RunEvidence): Violation[] {
  const decided = e.outcome && Object.values(OUTCOME_OF_REVIEW_ACTION).includes(e.outcome);
  if (!decided || !e.payerClaims || e.payerClaims.length !== 1) return [];
  const claim = e.payerClaims[0]!;
  const final = claim.reviewActions.at(-1) ?? '(none)';
  const v: Violation[] = [];
  if (OUTCOME_OF_REVIEW_ACTION[final] !== e.outcome) v.push({ invariant: '5 right outcome', detail: `reported ${e.outcome}, but the payer's final decision on claim ${claim.id} is ${final}` });
  const reported = (e.result as { authorizationNumber?: string } | undefined)?.authorizationNumber;
  if (claim.authorizationNumber && reported !== claim.authorizationNumber) v.push({ invariant: '5 right outcome', detail: `reported authorization ${reported ?? '(none)'}, the payer's is ${claim.authorizationNumber}` });
  return v;
}

/** Slack for the spacing check: an invocation retried by the runtime after a failure adds 1–16 s. */
const SPACING_SLACK_SECONDS = 30;

/**
 * Each gap between inquiries must be what the strategy says for that attempt: the backoff
 * (initial · 2^(n−1), capped) or the server's Retry-After if longer — never less, and not much
 * more. A zero gap is a poll repeated after a crash (its result was never checkpointed), at
 * most one per crash; it does not count as an attempt.
 */
function pollSpacing(polls: JournalEntry[], polling: PollingConfig, crashes: number): string | undefined {
  let repeats = 0;
  let attempt = 1;
  for (let i = 1; i < polls.length; i++) {
    const gap = (Date.parse(polls[i]!.at) - Date.parse(polls[i - 1]!.at)) / 1000;
    if (gap === 0 && repeats < crashes) {
      repeats += 1;
      continue;
    }
    const prev = polls[i - 1]!;
    const retryAfter = [429, 503].includes(prev.status ?? 0) ? Number(prev.responseHeaders['retry-after'] ?? 0) || 0 : 0;
    const expected = Math.max(backoffSeconds(polling, attempt), retryAfter);
    if (gap < expected || gap > expected + SPACING_SLACK_SECONDS) {
      return `inquiries ${i} and ${i + 1} were ${gap} s apart; the strategy says ${expected} s after attempt ${attempt}`;
    }
    attempt += 1;
  }
  return undefined;
}

const INV2 = '2 completed steps never re-run';
const INV6 = '6 callbacks resolve at most once';
const INV8 = '8 replay determinism';

function completedStepsNotRerun(e: RunEvidence): Violation[] {
  const v: Violation[] = (e.reruns ?? []).slice(0, 3).map((r) => ({ invariant: INV2, detail: `${r.call} ran again after its operation "${r.operation}" had checkpointed success` }));
  // a step re-run in the allowed window must be idempotent: one sign-off, one review task
  if (e.ledger.reviewTasks > 1) v.push({ invariant: INV2, detail: `the review system holds ${e.ledger.reviewTasks} tasks for one physician sign-off: a repeated side effect was not idempotent` });
  const succeeded = new Set<string>();
  for (const h of e.history ?? []) {
    if (h.kind !== 'checkpoint' || h.type !== 'STEP' || !h.operationId) continue;
    if (h.action === 'SUCCEED') succeeded.add(h.operationId);
    else if (h.action === 'START' && succeeded.has(h.operationId)) {
      v.push({ invariant: INV2, detail: `step ${h.name ?? h.operationId} started again (invocation ${h.invocation}) after it had succeeded` });
      break;
    }
  }
  return v;
}

function callbacksAtMostOnce(e: RunEvidence): Violation[] {
  const v: Violation[] = [];
  const history = e.history ?? [];
  const completions = new Map<string, number>();
  let ended = 0;
  for (const h of history) {
    if (h.kind === 'callback-completed') {
      const n = (completions.get(h.name ?? '') ?? 0) + 1;
      completions.set(h.name ?? '', n);
      if (n === 2) v.push({ invariant: INV6, detail: `callback ${h.name} was resolved more than once` });
      if (ended) v.push({ invariant: INV6, detail: `callback ${h.name} was resolved after the execution had ended` });
    }
    if (h.kind === 'execution-ended') ended += 1;
  }
  if (ended > 1) v.push({ invariant: INV6, detail: `the execution ended ${ended} times` });
  return v;
}

function replayDeterminism(e: RunEvidence): Violation[] {
  for (const [i, r] of (e.replays ?? []).entries()) {
    const when = i === 0 ? 'a replay of the history' : 'a later replay of the history';
    const unknown = r.updates.filter((u) => !u.known);
    if (unknown.length) return [{ invariant: INV8, detail: `${when} asked for an operation the history does not hold: ${unknown.map((u) => `${u.type} ${u.name ?? u.id} ${u.action}`).join(', ')}` }];
    if (r.status !== 'SUCCEEDED') return [{ invariant: INV8, detail: `${when} ended ${r.status}${r.error ? `: ${r.error}` : ''}` }];
    if (!isDeepStrictEqual(r.result, e.result)) return [{ invariant: INV8, detail: `${when} returned a different result` }];
  }
  return [];
}

const INV9 = '9 completed agents never paid for twice';

/**
 * After an agent's step has checkpointed success, the token ledger holds no further model call
 * for that agent in the execution: not in a later invocation (a replay that re-ran it), and not
 * later in the same one (placed by the history seq each call was sent at). A crash between
 * the model call and its step's checkpoint is the allowed window: that success was not
 * persisted, so the calls before it count as the step's own — even when a call sent before the
 * crash is answered, after its latency, once the re-run step has succeeded.
 */
function agentsPaidOnce(e: RunEvidence): Violation[] {
  if (!e.modelCalls?.length || !e.history) return [];
  const done = new Map<string, HistoryEvent>();
  for (const h of e.history) {
    if (h.kind === 'checkpoint' && h.type === 'STEP' && h.action === 'SUCCEED' && h.name && !done.has(h.name)) done.set(h.name, h);
  }
  const v: Violation[] = [];
  for (const c of e.modelCalls) {
    const step = c.agent ? done.get(c.agent) : undefined;
    if (!step || c.invocation === null) continue;
    const later = c.invocation > (step.invocation ?? Infinity) || (c.historySeq !== undefined && c.historySeq >= step.seq);
    if (later) {
      v.push({ invariant: INV9, detail: `model call ${c.seq} for ${c.agent} (attempt ${c.attempt ?? '?'}, ${c.outcome}, ${c.inputTokens + c.outputTokens} tokens) in invocation ${c.invocation}, after step ${step.name} had succeeded in invocation ${step.invocation}` });
      if (v.length === 3) break;
    }
  }
  return v;
}

/**
 * Known bugs the chaos harness must catch, for testing only (`prior-auth-sim chaos
 * --plant-bug`, test/chaos/planted-bugs.test.ts). Production never sets one. Each hook below
 * is the single place a bug changes behaviour; with no bug planted every hook is the identity
 * of the correct code, so the workflow still reads top to bottom.
 */
import { TransientError } from './clients/client-errors.js';

export const PLANTED_BUGS = [
  'key-per-attempt', // a fresh Idempotency-Key on every submit attempt
  'key-outside-step', // the key made in workflow code, not in a step: a new one on every replay
  'no-idempotency-key', // submit without a key
  'resubmit-on-lost-response', // a lost response taken as failure: resubmitted as a new claim
  'agent-outside-step', // an agent run before its step and only the result checkpointed: re-run on every replay
  'non-idempotent-side-effect', // the review task created under a fresh key per attempt: a retried step makes a second task
  'poll-without-backoff', // inquire every second
  'poll-without-cap', // keep polling a pended claim forever
  'callback-resolved-twice', // the runtime accepts a second completion of a callback (planted in the runtime)
  'branch-on-clock', // waits for business hours with the clock read outside a step: replays diverge
] as const;
export type PlantedBug = (typeof PLANTED_BUGS)[number];

interface BugDeps {
  readonly plantedBug?: PlantedBug;
  readonly newIdempotencyKey: () => string;
  readonly now: () => number;
}

/** agent-outside-step: the agent's result computed in workflow code (undefined: run it inside the step). */
export async function agentResultBeforeStep<T>(deps: BugDeps, run: () => Promise<T>): Promise<T | undefined> {
  return deps.plantedBug === 'agent-outside-step' ? run() : undefined;
}

/** non-idempotent-side-effect: the key the review system dedupes tasks by, fresh per attempt instead of the callback's id. */
export function reviewTaskKey(deps: BugDeps, callbackId: string): string {
  return deps.plantedBug === 'non-idempotent-side-effect' ? `${callbackId}.${deps.newIdempotencyKey()}` : callbackId;
}

/** branch-on-clock: whether to wait for business hours (09–17 UTC), decided from a clock read outside any step. */
export function waitsForBusinessHours(deps: BugDeps): boolean {
  if (deps.plantedBug !== 'branch-on-clock') return false;
  const hour = new Date(deps.now()).getUTCHours();
  return hour < 9 || hour >= 17;
}

/** key-outside-step: a key made in workflow code (undefined: use the checkpointed one). */
export function keyMadeOutsideStep(deps: BugDeps): string | undefined {
  return deps.plantedBug === 'key-outside-step' ? deps.newIdempotencyKey() : undefined;
}

/** The key a submit attempt sends: the checkpointed one unless key-per-attempt or no-idempotency-key. */
export function keyForAttempt(deps: BugDeps, key: string): string {
  if (deps.plantedBug === 'key-per-attempt') return deps.newIdempotencyKey();
  if (deps.plantedBug === 'no-idempotency-key') return '';
  return key;
}

/** resubmit-on-lost-response: a network error (no HTTP status: the response was lost) taken as "not submitted". */
export function resubmitsAfter(deps: BugDeps, err: unknown): boolean {
  return deps.plantedBug === 'resubmit-on-lost-response' && err instanceof TransientError && err.status === undefined;
}

/** poll-without-backoff and poll-without-cap: the polling strategy as the bug would have it. */
export function pollDelaySeconds(deps: BugDeps, correct: number): number {
  return deps.plantedBug === 'poll-without-backoff' ? 1 : correct;
}
export function pollCapIgnored(deps: BugDeps): boolean {
  return deps.plantedBug === 'poll-without-cap';
}

/**
 * Proof that the harness can fail: each planted bug (a variant built around the workflow, or a switch in
 * the runtime) must be flagged by the invariant that names it within a few seeded runs with
 * random faults and crashes — and the same runs without the bug must pass, so the flag comes
 * from the bug and not from the scenario.
 */
import { readFileSync } from 'node:fs';
import { exploreChaos, PLANTED_BUGS } from '../../src/harness/chaos-exploration.js';
import type { PlantedBug } from '../../src/harness/planted-bugs.js';

/** Which invariant must catch each bug, in which scenario (within RUNS runs unless a bound is given). */
const CASES: Array<[PlantedBug, string, string, number?]> = [
  ['key-per-attempt', 'response-lost-after-commit', '3 stable keys'],
  ['key-outside-step', 'response-lost-after-commit', '3 stable keys'],
  ['no-idempotency-key', 'response-lost-after-commit', '5 right outcome'],
  ['resubmit-on-lost-response', 'response-lost-after-commit', '1 one adjudication per request'],
  ['agent-outside-step', 'happy-path-webhooks', '2 completed steps never re-run'],
  ['step-result-not-checkpointed', 'happy-path-webhooks', '9 completed agents never paid for twice'],
  // needs the review-task step retried: a lost response on POST /review/tasks or a crash right after it
  ['non-idempotent-side-effect', 'happy-path-webhooks', '2 completed steps never re-run', 12],
  ['poll-without-backoff', 'happy-path-polling', '7 backoff within bounds'],
  ['poll-without-cap', 'adjudication-never-completes', '7 backoff within bounds'],
  ['callback-resolved-twice', 'physician-answers-twice', '6 callbacks resolve at most once'],
  ['branch-on-clock', 'happy-path-webhooks', '8 replay determinism'],
];
const RUNS = 4;

it('plants no bug in the production workflow: every one is a variant built around it', () => {
  for (const file of ['orchestrator/workflow.ts', 'orchestrator/await-decision.ts', 'orchestrator/physician-review.ts']) {
    expect(readFileSync(file, 'utf8')).not.toMatch(/planted|bugs\./i);
  }
});

it('covers every planted bug', () => {
  expect(CASES.map(([bug]) => bug).sort()).toEqual([...PLANTED_BUGS].sort());
});

describe.each(CASES)('planted bug %s in %s', (bug, scenario, invariant, bound = RUNS) => {
  it(`is flagged by invariant ${invariant} within ${bound} runs, and the same runs pass without it`, async () => {
    const buggy = await exploreChaos({ firstSeed: 500, runs: bound, scenario, crashPoints: 'random', plantedBug: bug });
    const first = buggy.findIndex((r) => r.violations.some((v) => v.invariant === invariant));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(buggy[first]!.repro).toContain(`--plant-bug ${bug}`);

    const clean = await exploreChaos({ firstSeed: 500, runs: bound, scenario, crashPoints: 'random' });
    expect(clean.flatMap((r) => r.violations.map((v) => `${v.invariant}: ${v.detail} — ${r.repro}`))).toEqual([]);
  }, 120_000);
});

it('invariant 9 flags an agent run outside its step too, from the token ledger alone', async () => {
  const buggy = await exploreChaos({ firstSeed: 500, runs: RUNS, scenario: 'happy-path-webhooks', crashPoints: 'random', plantedBug: 'agent-outside-step' });
  const flagged = buggy.flatMap((r) => r.violations.filter((v) => v.invariant === '9 completed agents never paid for twice'));
  expect(flagged.length).toBeGreaterThan(0);
  expect(flagged[0]!.detail).toMatch(/^model call \d+ for medical-necessity .* after step medical-necessity had succeeded/);
}, 120_000);

/**
 * Shared body of the every-crash-point suites: for each scenario as written (its own faults,
 * no drawn ones — the random-seed suite adds those), a clean run counts the
 * crash points it reaches, then per (point, occurrence) one run crashes there and recovers,
 * and one more crashes there and then again during the recovery; every run must keep every
 * invariant. Split across three files so jest can run them side by side.
 */
import { loadBundledScenarios } from '../../src/core/scenarios/bundled-scenarios.js';
import { allCrashPlans, chaosRun, type CrashPlan } from '../../src/harness/chaos.js';
import { mapConcurrent } from '../../src/harness/chaos-exploration.js';
import type { Scenario } from '../../src/contracts/scenario.js';

export const describeViolations = (r: { violations: Array<{ invariant: string; detail: string }>; repro: string }) =>
  r.violations.map((v) => `${v.invariant}: ${v.detail} — ${r.repro}`);

/** The two scenarios with the most crash points (about 100 each: 48 polls) take one file. */
const HEAVY = ['adjudication-never-completes', 'flaky-payer'];

/**
 * The SMART scenarios take the third file. smart-happy-path polls its pended claim 28 times (180
 * crash runs in all, as many as the other six SMART scenarios together), so its crash points
 * are taken through the first polls (token fetches, the review, the submission) and at the last
 * poll and the decision: 38 of its 90 plans. Left out are the polls between, the same crash points as
 * happy-path-polling's (every one of them in the second file) except the one poll that renews
 * the expired token; the random-seed chaos suite crashes inside those polls too.
 */
const BOUNDED: Record<string, { first: number; last: number }> = { 'smart-happy-path': { first: 16, last: 2 } };

/** The plans `bound` keeps: each crash point's first `first` and last `last` occurrences. */
function within(plans: CrashPlan[], bound: { first: number; last: number } | undefined): CrashPlan[] {
  if (!bound) return plans;
  const hits = new Map<string, number>();
  for (const p of plans) hits.set(p.point, Math.max(hits.get(p.point) ?? 0, p.occurrence));
  return plans.filter((p) => p.occurrence <= bound.first || p.occurrence > hits.get(p.point)! - bound.last);
}

const partOf = (s: Scenario): 0 | 1 | 2 => (s.auth.mode === 'smart' ? 2 : HEAVY.includes(s.name) ? 0 : 1);

export function everyCrashPointSuite(part: 0 | 1 | 2): void {
  const scenarios = loadBundledScenarios().filter((s) => partOf(s) === part);
  describe.each(scenarios.map((s) => [s.name, s] as const))('every crash point of %s', (_name, scenario) => {
    it('crashes there (and again during recovery), recovers and keeps every invariant', async () => {
      const plans = within(await allCrashPlans(scenario, 1, { asWritten: true }), BOUNDED[scenario.name]);
      // a scenario refused at its first token request reaches only a few points
      expect(plans.length).toBeGreaterThan(scenario.name === 'smart-invalid-client' ? 2 : 5);
      const once = await mapConcurrent(plans, 8, (crash) => chaosRun(scenario, 1, { asWritten: true, crash }));
      const twice = await mapConcurrent(plans, 8, (crash) => chaosRun(scenario, 1, { asWritten: true, crash: { ...crash, thenDuringRecovery: true } }));
      // the scenario's own faults happened (drawn faults could mask them; here there are none)
      if (scenario.faults.length) expect(once.every((r) => r.faults.length > 0)).toBe(true);
      // every plan really crashed the runtime (a plan that is never reached would prove nothing)
      expect(once.filter((r) => r.crashed !== 1).map((r) => r.repro)).toEqual([]);
      expect(twice.filter((r) => r.crashed !== 2).map((r) => r.repro)).toEqual([]);
      expect([...once, ...twice].flatMap(describeViolations)).toEqual([]);
    }, 300_000);
  });
}

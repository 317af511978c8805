/**
 * Shared body of the every-crash-point suites: for each scenario as written (its own faults,
 * no drawn ones — the random-seed suite adds those), a clean run counts the
 * crash points it reaches, then per (point, occurrence) one run crashes there and recovers,
 * and one more crashes there and then again during the recovery; every run must keep every
 * invariant. Split across two files so jest can run them side by side.
 */
import { loadBundledScenarios } from '../../src/core/scenarios/bundled-scenarios.js';
import { allCrashPlans, chaosRun } from '../../src/harness/chaos.js';
import { mapConcurrent } from '../../src/harness/chaos-exploration.js';

export const describeViolations = (r: { violations: Array<{ invariant: string; detail: string }>; repro: string }) =>
  r.violations.map((v) => `${v.invariant}: ${v.detail} — ${r.repro}`);

/** The two scenarios with the most crash points (about 100 each: 48 polls) take one file, the rest the other. */
const HEAVY = ['adjudication-never-completes', 'flaky-payer'];

export function everyCrashPointSuite(part: 0 | 1): void {
  // KNOWN GAP (open on the hardening issue): with `auth: smart` a run's crash points depend on how
  // many runs share the process (run 8 at a time, a point a clean run reached may not be reached),
  // so those scenarios are left out here until that is fixed; they still run end to end
  // (test/e2e/scenarios) and in the random-seed chaos suite with its invariants.
  const scenarios = loadBundledScenarios().filter((s) => s.auth.mode !== 'smart' && HEAVY.includes(s.name) === (part === 0));
  describe.each(scenarios.map((s) => [s.name, s] as const))('every crash point of %s', (_name, scenario) => {
    it('crashes there (and again during recovery), recovers and keeps every invariant', async () => {
      const plans = await allCrashPlans(scenario, 1, { asWritten: true });
      expect(plans.length).toBeGreaterThan(5);
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

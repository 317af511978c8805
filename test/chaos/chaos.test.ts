/**
 * The chaos harness in CI, bounded: every crash point of four scenarios, random seeds across
 * all bundled scenarios with random faults and crashes, determinism, and proof that planted
 * bugs are caught by the right invariant.
 */
import { loadBundledScenarios, resolveScenario } from '../../src/core/scenarios/bundled-scenarios.js';
import { allCrashPlans, chaosRun, randomCrashPlan } from '../../src/harness/chaos.js';

const describeViolations = (r: { violations: Array<{ invariant: string; detail: string }>; repro: string }) =>
  r.violations.map((v) => `${v.invariant}: ${v.detail} — ${r.repro}`);

describe.each(['response-lost-after-commit', 'happy-path-webhooks', 'physician-rejects', 'denied-with-reason'])('every crash point of %s', (name) => {
  it('keeps every invariant', async () => {
    const scenario = resolveScenario(name);
    const plans = await allCrashPlans(scenario, 1);
    expect(plans.length).toBeGreaterThan(10);
    expect(new Set(plans.map((p) => p.point))).toEqual(new Set(['before-checkpoint-persist', 'after-checkpoint-persist', ...(name === 'physician-rejects' ? [] : ['after-side-effect'])]));
    for (const plan of plans) {
      const r = await chaosRun(scenario, 1, plan);
      expect(r.crashed).toBe(1);
      expect(describeViolations(r)).toEqual([]);
    }
  }, 120_000);
});

describe('random seeds across the bundled scenarios', () => {
  const scenarios = loadBundledScenarios();
  it('60 seeded runs with random faults and a random crash keep every invariant', async () => {
    const failures: string[] = [];
    for (let seed = 1000; seed < 1060; seed++) {
      const r = await chaosRun(scenarios[seed % scenarios.length]!, seed, randomCrashPlan(seed));
      failures.push(...describeViolations(r));
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('is deterministic: the same seed gives the same run', async () => {
    const scenario = resolveScenario('flaky-payer');
    const a = await chaosRun(scenario, 4242, randomCrashPlan(4242));
    const b = await chaosRun(scenario, 4242, randomCrashPlan(4242));
    expect(b).toEqual(a);
  }, 60_000);
});

describe('planted bugs are caught', () => {
  it.each([
    ['key-per-attempt', 'response-lost-after-commit', '3 stable keys'],
    ['no-idempotency-key', 'response-lost-after-commit', '5 right outcome'],
    ['poll-without-backoff', 'happy-path-polling', '7 backoff within bounds'],
  ] as const)('%s in %s breaks invariant %s', async (bug, name, invariant) => {
    const r = await chaosRun(resolveScenario(name), 1, undefined, bug);
    expect(r.violations.map((v) => v.invariant)).toContain(invariant);
    expect(r.repro).toContain(`--plant-bug ${bug}`);
  }, 60_000);
});

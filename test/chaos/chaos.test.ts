/**
 * The chaos harness in CI, bounded: every crash point of four scenarios, random seeds across
 * all bundled scenarios with random faults and crashes, determinism, and proof that planted
 * bugs are caught by the right invariant.
 */
import { loadBundledScenarios, resolveScenario } from '../../src/core/scenarios/bundled-scenarios.js';
import { allCrashPlans, chaosRun, randomCrashPlan } from '../../src/harness/chaos.js';
import { chaosSummary, exploreChaos, parseCrashPlan } from '../../src/harness/chaos-exploration.js';

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
  it('60 seeded runs with random faults and a random crash keep every invariant', async () => {
    const results = await exploreChaos({ firstSeed: 1000, runs: 60, crashPoints: 'random' });
    expect(new Set(results.map((r) => r.scenario)).size).toBe(loadBundledScenarios().length);
    expect(results.flatMap(describeViolations)).toEqual([]);
  }, 180_000);

  it('is deterministic: the same seed gives the same run', async () => {
    const scenario = resolveScenario('flaky-payer');
    const a = await chaosRun(scenario, 4242, randomCrashPlan(4242));
    const b = await chaosRun(scenario, 4242, randomCrashPlan(4242));
    expect(b).toEqual(a);
  }, 60_000);
});

describe('exploration plumbing', () => {
  it('parses a printed crash plan back and summarises results with the plain count line', () => {
    expect(parseCrashPlan('before-checkpoint-persist:7')).toEqual({ point: 'before-checkpoint-persist', occurrence: 7 });
    expect(parseCrashPlan('mid-air:7')).toBeUndefined();
    const summary = chaosSummary([
      { seed: 1, scenario: 's', crashed: 1, faults: ['http-status', 'http-status'], outcome: 'APPROVED', violations: [], pointHits: { 'before-checkpoint-persist': 0, 'after-checkpoint-persist': 0, 'after-side-effect': 0 }, repro: '' },
      { seed: 2, scenario: 's', crashed: 0, faults: [], outcome: 'DENIED', violations: [{ invariant: '3 stable keys', detail: 'x' }], pointHits: { 'before-checkpoint-persist': 0, 'after-checkpoint-persist': 0, 'after-side-effect': 0 }, repro: '' },
    ]);
    expect(summary).toContain('faults      http-status 2');
    expect(summary).toContain('violations  3 stable keys 1');
    expect(summary.at(-1)).toBe('1 passed, 1 failed');
  });
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

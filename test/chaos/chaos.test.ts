/**
 * The chaos harness in CI beyond the every-crash-point suites: hundreds of random seeds across
 * all bundled scenarios (varied parameters, random faults, a random crash, one in four followed
 * by a crash during recovery), determinism, and the plumbing that turns a run into a repro command.
 */
import { loadBundledScenarios, resolveScenario } from '../../src/core/scenarios/bundled-scenarios.js';
import { chaosRun, parseCrashPlan, randomCrashPlan, reproCommand, type ChaosRunResult } from '../../src/harness/chaos.js';
import { firstDivergence } from '../../src/harness/run-trace.js';
import { chaosSummary, exploreChaos } from '../../src/harness/chaos-exploration.js';
import { describeViolations } from './every-crash-point.js';
import { FaultKindSchema } from '../../src/contracts/faults.js';
import { DEFAULT_WORKFLOW_CONFIG } from '../../orchestrator/workflow-types.js';
import { withTimingJitter } from '../support/timing-jitter.js';

describe('random seeds across the bundled scenarios', () => {
  it('500 seeded runs with random faults and crashes keep every invariant', async () => {
    const results = await exploreChaos({ firstSeed: 1000, runs: 500, crashPoints: 'random' });
    expect(new Set(results.map((r) => r.scenario)).size).toBe(loadBundledScenarios().length);
    expect(results.flatMap(describeViolations)).toEqual([]);
    // the exploration really exercised what it claims
    expect(results.filter((r) => r.crashed === 2).length).toBeGreaterThan(50);
    expect(new Set(results.flatMap((r) => r.faults))).toEqual(new Set(FaultKindSchema.options)); // every fault kind the simulator has
    expect(results.filter((r) => r.variation.reviewDelaySeconds !== undefined).length).toBeGreaterThan(100);
    expect(new Set(results.flatMap((r) => Object.keys(r.variation.notifications ?? {})))).toEqual(
      new Set(['dropProbability', 'duplicateProbability', 'staleProbability', 'reorderProbability', 'delaySeconds']));
    // every run spends tokens, and the summary counts them
    expect(results.every((r) => r.model.calls > 0 || r.outcome === 'MANUAL_REVIEW')).toBe(true);
  }, 600_000);

  it('is deterministic: the same seed gives the same run', async () => {
    const scenario = resolveScenario('flaky-payer');
    const a = await chaosRun(scenario, 4242, { crash: randomCrashPlan(4242) });
    const b = await chaosRun(scenario, 4242, { crash: randomCrashPlan(4242) });
    expect(a.faults.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  }, 60_000);

  // An agent step reads the EHR (or CRD/DTR) and then asks the model: a burst on each adds up in
  // one step. Seed 1061 draws three model faults onto ehr-outage-recovery's five EHR 503s; seed
  // 1238 two EHR 503s onto model-throttling-storm's six throttles. Both exhausted eight attempts.
  it('a burst on the EHR and one on the model within one agent step stay within its retries', async () => {
    for (const [scenario, seed] of [['ehr-outage-recovery', 1061], ['model-throttling-storm', 1238]] as const) {
      const r = await chaosRun(resolveScenario(scenario), seed);
      const failures = r.faults.filter((k) => k === 'http-status' || k === 'model-error').length;
      expect({ scenario, over: failures >= DEFAULT_WORKFLOW_CONFIG.stepRetry.maxAttempts }).toEqual({ scenario, over: true });
      expect(r.violations.map((v) => v.detail)).toEqual([]);
      expect(r.outcome).toBe('APPROVED');
    }
  }, 60_000);

  // The crash abandons invocation 1 inside clinical-extraction, but its code ran on in this
  // process: its model call landed after invocation 2 had completed the step (invariant 9).
  it('a crashed invocation sends nothing more: its model call never lands after the re-run step', async () => {
    const r = await chaosRun(resolveScenario('smart-spurious-401'), 1, { asWritten: true, crash: { point: 'before-checkpoint-persist', occurrence: 1 } });
    expect(r.crashed).toBe(1);
    expect(r.violations.map((v) => v.detail)).toEqual([]);
    expect(r.outcome).toBe('APPROVED');
  }, 60_000);

  /** Where each run of `b` first departs from the same run in `a` (empty when all agree): read before the whole-run diff. */
  const departures = (a: ChaosRunResult[], b: ChaosRunResult[]) => a.flatMap((r, i) => {
    const d = firstDivergence(r.trace ?? [], b[i]?.trace ?? []);
    return d ? [`${r.scenario} seed ${r.seed} (${r.repro}): ${d}`] : [];
  });

  it('runs the same whatever the concurrency', async () => {
    // whole runs (checkpoints, requests, faults, ledger, outcome); seeds 77–92 take 16 of the 35 bundled scenarios, physician-answers-twice (91) among them
    const one = await exploreChaos({ firstSeed: 77, runs: 16, crashPoints: 'random', concurrency: 1, trace: true });
    const many = await exploreChaos({ firstSeed: 77, runs: 16, crashPoints: 'random', concurrency: 16, trace: true });
    expect(departures(one, many)).toEqual([]);
    expect(many).toEqual(one);
    expect(new Set(one.map((r) => r.scenario)).has('physician-answers-twice')).toBe(true);
  }, 60_000);

  // SMART runs wait on WebCrypto (client assertions, their verification, callback secrets), and
  // physician-answers-twice's second answer comes over a real socket: the threadpool and the
  // kernel finish that work whenever the machine lets them. Each of these scenarios, with a crash,
  // must still run the same — every checkpoint, request and fault — alone, beside the others, and
  // with that work finishing in other orders (seeded timing jitter, test/support/timing-jitter.ts).
  it('runs every SMART scenario and physician-answers-twice the same alone, beside the others, and with its async work reordered', async () => {
    const names = [...loadBundledScenarios().filter((s) => s.auth.mode === 'smart').map((s) => s.name), 'physician-answers-twice'];
    expect(names.length).toBeGreaterThanOrEqual(8);
    const explore = (scenario: string, concurrency: number) => exploreChaos({ scenario, firstSeed: 77, runs: 2, crashPoints: 'random', concurrency, trace: true });
    const one: ChaosRunResult[] = [];
    for (const name of names) one.push(...await explore(name, 1));
    // all 16 runs in flight at once
    const together = async () => (await Promise.all(names.map((name) => explore(name, 2)))).flat();
    for (const jitter of [0, 1, 2]) {
      const many = jitter ? await withTimingJitter(jitter, 3, together) : await together();
      expect({ jitter, departures: departures(one, many) }).toEqual({ jitter, departures: [] });
      expect(many).toEqual(one);
    }
    expect(new Set(one.map((r) => r.scenario)).size).toBe(names.length);
    expect(one.filter((r) => r.crashed > 0).length).toBeGreaterThan(3);
  }, 180_000);
});

describe('exploration plumbing', () => {
  it('prints a crash plan and a repro command that parse back', () => {
    expect(parseCrashPlan('before-checkpoint-persist:7')).toEqual({ point: 'before-checkpoint-persist', occurrence: 7 });
    expect(parseCrashPlan('after-side-effect:1+recovery')).toEqual({ point: 'after-side-effect', occurrence: 1, thenDuringRecovery: true });
    for (const bad of ['mid-air:7', 'after-side-effect:0', 'after-side-effect', 'during-recovery:1']) expect(parseCrashPlan(bad)).toBeUndefined();
    expect(reproCommand('flaky-payer', 9, { crash: { point: 'after-side-effect', occurrence: 1, thenDuringRecovery: true }, keepFaults: ['chaos-2'], plantedBug: 'key-per-attempt' }))
      .toBe('npx prior-auth-sim chaos --scenario flaky-payer --seed 9 --runs 1 --crash-at after-side-effect:1+recovery --keep-faults chaos-2 --plant-bug key-per-attempt');
    expect(reproCommand('flaky-payer', 9, { keepFaults: [] })).toBe('npx prior-auth-sim chaos --scenario flaky-payer --seed 9 --runs 1 --crash-points none --keep-faults none');
    expect(reproCommand('flaky-payer', 9, { asWritten: true })).toBe('npx prior-auth-sim chaos --scenario flaky-payer --seed 9 --runs 1 --as-written --crash-points none');
  });

  it('summarises results with counts by kind and the plain count line', () => {
    const hits = { 'before-checkpoint-persist': 0, 'after-checkpoint-persist': 0, 'after-side-effect': 0, 'during-recovery': 0 };
    const summary = chaosSummary([
      { seed: 1, scenario: 's', schedule: [], variation: {}, crashed: 1, faults: ['http-status', 'http-status'], status: 'SUCCEEDED', outcome: 'APPROVED', violations: [], pointHits: hits, repro: '',
        model: { calls: 5, inputTokens: 900, outputTokens: 100, costUsd: 0.01, overhead: { ThrottlingException: 0, 'response-lost-after-commit': 250 } } },
      { seed: 2, scenario: 's', schedule: [], variation: {}, crashed: 0, faults: [], status: 'SUCCEEDED', outcome: 'DENIED', violations: [{ invariant: '3 stable keys', detail: 'x' }], pointHits: hits, repro: '',
        model: { calls: 4, inputTokens: 700, outputTokens: 300, costUsd: 0.02, overhead: {} } },
    ]);
    expect(summary).toContain('faults      http-status 2');
    expect(summary).toContain('tokens      1000 per run (in 800, out 200), $0.0150 per run, 4.5 model calls per run');
    expect(summary).toContain('overhead    13% of tokens: response-lost-after-commit 250, ThrottlingException 0');
    expect(summary).toContain('violations  3 stable keys 1');
    expect(summary.at(-1)).toBe('1 passed, 1 failed');
  });
});

/**
 * The chaos exploration loop behind `prior-auth-sim chaos` and the benchmark: seeds in order,
 * a scenario per seed (or the one asked for), the crash plans of the chosen mode, one
 * `chaosRun` each; plus the summary printed at the end.
 */
import type { Scenario } from '../contracts/scenario.js';
import { loadBundledScenarios, resolveScenario } from '../core/scenarios/bundled-scenarios.js';
import { PLANTED_BUGS, type PlantedBug } from '../../orchestrator/workflow.js';

export { PLANTED_BUGS };
import { allCrashPlans, chaosRun, randomCrashPlan, type ChaosRunResult, type CrashPlan } from './chaos.js';

export interface ChaosExploration {
  firstSeed: number;
  runs: number;
  /** A bundled scenario name or file; default: the bundled scenarios in turn, by seed. */
  scenario?: string;
  crashPoints: 'random' | 'all' | 'none';
  /** An exact crash plan (a repro), overriding `crashPoints`. */
  crashAt?: CrashPlan;
  plantedBug?: PlantedBug;
  /**
   * Runs in flight at once (default 8). Each run has its own clock, simulator and runtime, and
   * most of a run's wall time is the SDK's fixed sleep per suspension, so runs overlap well;
   * results come back in seed order whatever the concurrency.
   */
  concurrency?: number;
}

/** Maps `items` through `fn` with at most `limit` in flight, keeping the input order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export async function exploreChaos(o: ChaosExploration, onResult: (r: ChaosRunResult) => void = () => {}): Promise<ChaosRunResult[]> {
  const bundled = loadBundledScenarios();
  const pick = (seed: number): Scenario => (o.scenario ? resolveScenario(o.scenario) : bundled[seed % bundled.length]!);
  const concurrency = o.concurrency ?? 8;
  const seeds = Array.from({ length: o.runs }, (_, i) => o.firstSeed + i);
  const jobs = (await mapConcurrent(seeds, concurrency, async (seed) => {
    const scenario = pick(seed);
    const plans: Array<CrashPlan | undefined> = o.crashAt ? [o.crashAt]
      : o.crashPoints === 'all' ? await allCrashPlans(scenario, seed)
      : o.crashPoints === 'random' ? [randomCrashPlan(seed)] : [undefined];
    return plans.map((plan) => ({ scenario, seed, plan }));
  })).flat();
  return mapConcurrent(jobs, concurrency, async ({ scenario, seed, plan }) => {
    const r = await chaosRun(scenario, seed, plan, o.plantedBug);
    onResult(r);
    return r;
  });
}

/** `before-checkpoint-persist:7` → a crash plan; undefined when malformed. */
export function parseCrashPlan(text: string): CrashPlan | undefined {
  const m = /^(before-checkpoint-persist|after-checkpoint-persist|after-side-effect):(\d+)$/.exec(text);
  return m ? { point: m[1] as CrashPlan['point'], occurrence: Number(m[2]) } : undefined;
}

/** Runs, crashes, faults by kind, outcomes, violations by invariant, and the plain count line. */
export function chaosSummary(results: ChaosRunResult[]): string[] {
  const count = (xs: string[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  };
  const bad = results.filter((r) => r.violations.length).length;
  return [
    `runs        ${results.length}`,
    `crashes     ${results.reduce((n, r) => n + r.crashed, 0)} (runs with a crash plan: ${results.filter((r) => r.crash).length})`,
    `faults      ${count(results.flatMap((r) => r.faults))}`,
    `outcomes    ${count(results.map((r) => r.outcome ?? 'none'))}`,
    `violations  ${count(results.flatMap((r) => r.violations.map((v) => v.invariant)))}`,
    `${results.length - bad} passed, ${bad} failed`,
  ];
}

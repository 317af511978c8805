/**
 * The chaos exploration loop behind `prior-auth-sim chaos` and the benchmark: seeds in order,
 * a scenario per seed (or the one asked for), the crash plans of the chosen mode, one
 * `chaosRun` each; the report of a failing run (shrunk, JSON + HTML); and the summary.
 */
import type { Scenario } from '../contracts/scenario.js';
import { loadBundledScenarios, resolveScenario } from '../core/scenarios/bundled-scenarios.js';

import { PLANTED_BUGS, type PlantedBug } from './planted-bugs.js';

export { PLANTED_BUGS };
import { allCrashPlans, chaosRun, parseCrashPlan, randomCrashPlan, type ChaosRunResult, type CrashPlan } from './chaos.js';
import { writeChaosReport, type ChaosReport } from './chaos-report.js';
import { shrinkFailure } from './shrink.js';
import { modelUsageSummary } from './model-usage.js';

export { parseCrashPlan };

export interface ChaosExploration {
  firstSeed: number;
  runs: number;
  /** A bundled scenario name or file; default: the bundled scenarios in turn, by seed. */
  scenario?: string;
  /** `all-twice`: every crash point, each also followed by a crash during recovery (what CI runs). */
  crashPoints: 'random' | 'all' | 'all-twice' | 'none';
  /** An exact crash plan (a repro), overriding `crashPoints`. */
  crashAt?: CrashPlan;
  plantedBug?: PlantedBug;
  /** Explicit seeds instead of `firstSeed`..`firstSeed + runs - 1` (how worker threads share the work). */
  seeds?: readonly number[];
  /** Run the scenarios exactly as written (no drawn faults or parameter variation): only crashes. */
  asWritten?: boolean;
  /** Ids of the drawn fault rules to keep (a shrunk repro); default all. */
  keepFaults?: readonly string[];
  /** Benchmarking only: agents without the model (no model gateway in the loop), for the before/after figure. */
  withoutModel?: boolean;
  /** Keep each run's whole trace (`ChaosRunResult.trace`): what the determinism tests compare. */
  trace?: boolean;
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
  const chosen = o.scenario ? resolveScenario(o.scenario) : undefined;
  const pick = (seed: number): Scenario => chosen ?? bundled[seed % bundled.length]!;
  const concurrency = o.concurrency ?? 8;
  const runOptions = () => ({ ...(o.asWritten ? { asWritten: true } : {}), ...(o.plantedBug ? { plantedBug: o.plantedBug } : {}), ...(o.keepFaults ? { keepFaults: o.keepFaults } : {}), ...(o.withoutModel ? { withoutModel: true } : {}), ...(o.trace ? { trace: true } : {}) });
  const seeds = o.seeds ?? Array.from({ length: o.runs }, (_, i) => o.firstSeed + i);
  const jobs = (await mapConcurrent(seeds, concurrency, async (seed) => {
    const scenario = pick(seed);
    const plans: Array<CrashPlan | undefined> = o.crashAt ? [o.crashAt]
      : o.crashPoints === 'all' ? await allCrashPlans(scenario, seed, runOptions())
      : o.crashPoints === 'all-twice' ? (await allCrashPlans(scenario, seed, runOptions())).flatMap((p) => [p, { ...p, thenDuringRecovery: true }])
      : o.crashPoints === 'random' ? [randomCrashPlan(seed)] : [undefined];
    return plans.map((plan) => ({ scenario, seed, plan }));
  })).flat();
  return mapConcurrent(jobs, concurrency, async ({ scenario, seed, plan }) => {
    const r = await chaosRun(scenario, seed, { ...(plan ? { crash: plan } : {}), ...runOptions() }, o.scenario ?? scenario.name);
    onResult(r);
    return r;
  });
}

const reportCrash = (c: CrashPlan) => ({ point: c.thenDuringRecovery ? `${c.point}, then during-recovery` : c.point, occurrence: c.occurrence });

/**
 * For a failing run: shrink its fault schedule (unless `shrink` is false), then write the
 * JSON and HTML report into `dir`. Returns the report and where it went.
 */
export async function reportFailure(r: ChaosRunResult, dir: string, shrink = true): Promise<{ report: ChaosReport; paths: { json: string; html: string } }> {
  const scenario = resolveScenario(r.scenario);
  const shrunk = shrink ? await shrinkFailure(scenario, r) : undefined;
  const report: ChaosReport = {
    seed: r.seed, scenario: scenario.name, repro: r.repro,
    ...(r.crash ? { crash: reportCrash(r.crash) } : {}),
    ...(r.plantedBug ? { plantedBug: r.plantedBug } : {}),
    faultSchedule: [...scenario.faults, ...r.schedule] as Array<Record<string, unknown>>,
    variation: { ...r.variation },
    ...(shrunk ? {
      shrunk: {
        faultSchedule: [...scenario.faults, ...shrunk.result.schedule] as Array<Record<string, unknown>>,
        ...(shrunk.options.crash ? { crash: reportCrash(shrunk.options.crash) } : {}),
        repro: shrunk.repro, attempts: shrunk.attempts,
      },
    } : {}),
    expected: scenario.expected, status: r.status, ...(r.outcome ? { outcome: r.outcome } : {}),
    violations: r.violations, timeline: r.timeline ?? [],
  };
  return { report, paths: writeChaosReport(dir, report) };
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
    ...modelUsageSummary(results.map((r) => r.model)),
    `${results.length - bad} passed, ${bad} failed`,
  ];
}

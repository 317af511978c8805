/**
 * Shrinking a failing chaos run to a minimal fault schedule, in the spirit of fast-check's
 * shrinking but over our own small structure: greedily drop the second (recovery) crash,
 * the crash itself, each drawn fault rule, and lower each remaining first-n rule to one
 * firing, keeping a change whenever the run still breaks one of the invariants the original
 * broke, until no single change keeps it failing. The scenario's own fault rules stay: its
 * expected outcome depends on them.
 */
import type { Scenario } from '../contracts/scenario.js';
import { chaosRun, keptFaults, reproCommand, type ChaosRunOptions, type ChaosRunResult } from './chaos.js';

export interface Shrunk {
  options: ChaosRunOptions;
  result: ChaosRunResult;
  /** Candidate runs tried. */
  attempts: number;
  repro: string;
}

export async function shrinkFailure(scenario: Scenario, failing: ChaosRunResult, maxAttempts = 24): Promise<Shrunk> {
  const target = new Set(failing.violations.map((v) => v.invariant));
  let current: ChaosRunOptions = {
    ...(failing.asWritten ? { asWritten: true } : {}),
    ...(failing.crash ? { crash: failing.crash } : {}),
    ...(failing.plantedBug ? { plantedBug: failing.plantedBug } : {}),
    keepFaults: failing.schedule.map((f) => f.id!),
  };
  let best = failing;
  let attempts = 0;
  const candidates = (o: ChaosRunOptions): ChaosRunOptions[] => {
    const out: ChaosRunOptions[] = [];
    const { crash, ...rest } = o;
    if (crash?.thenDuringRecovery) out.push({ ...o, crash: { point: crash.point, occurrence: crash.occurrence } });
    if (crash) out.push(rest);
    const keep = o.keepFaults ?? [];
    for (const k of keep) out.push({ ...o, keepFaults: keep.filter((x) => x !== k) });
    // then fewer firings of a first-n rule: n → 1
    for (const f of keptFaults(failing.schedule, keep)) {
      if (f.schedule?.kind === 'first-n' && f.schedule.n > 1) out.push({ ...o, keepFaults: keep.map((x) => (x.split('@')[0] === f.id ? `${f.id}@1` : x)) });
    }
    return out;
  };
  let progressed = true;
  while (progressed && attempts < maxAttempts) {
    progressed = false;
    for (const candidate of candidates(current)) {
      if (attempts >= maxAttempts) break;
      attempts += 1;
      const r = await chaosRun(scenario, failing.seed, candidate, failing.scenario);
      if (r.violations.some((v) => target.has(v.invariant))) {
        current = candidate;
        best = r;
        progressed = true;
        break;
      }
    }
  }
  return { options: current, result: best, attempts, repro: reproCommand(failing.scenario, failing.seed, current) };
}

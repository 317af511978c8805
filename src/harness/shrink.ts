/**
 * Shrinking a failing chaos run to a minimal fault schedule, in the spirit of fast-check's
 * shrinking but over our own small structure: greedily drop the second (recovery) crash,
 * the crash itself, and each drawn fault rule, keeping a change whenever the run still breaks
 * one of the invariants the original broke, until no single removal keeps it failing. The
 * scenario's own fault rules stay: its expected outcome depends on them.
 */
import type { Scenario } from '../contracts/scenario.js';
import { chaosRun, reproCommand, type ChaosRunOptions, type ChaosRunResult } from './chaos.js';

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
    for (const id of o.keepFaults ?? []) out.push({ ...o, keepFaults: o.keepFaults!.filter((k) => k !== id) });
    return out;
  };
  let progressed = true;
  while (progressed && attempts < maxAttempts) {
    progressed = false;
    for (const candidate of candidates(current)) {
      if (attempts >= maxAttempts) break;
      attempts += 1;
      const r = await chaosRun(scenario, failing.seed, candidate);
      if (r.violations.some((v) => target.has(v.invariant))) {
        current = candidate;
        best = r;
        progressed = true;
        break;
      }
    }
  }
  return { options: current, result: best, attempts, repro: reproCommand(scenario.name, failing.seed, current) };
}

/**
 * The model gateway's figures: tokens and simulated cost per execution — every bundled scenario
 * as written (clean) and under the chaos palette (drawn faults, a crash plan each) — and chaos
 * runs per minute with the gateway in the loop against the same seeds with model-less agents
 * (the anchor), alternated in rounds so load from other processes falls on both alike.
 */
import { loadBundledScenarios } from '../src/core/scenarios/bundled-scenarios.js';
import { exploreChaos } from '../src/harness/chaos-exploration.js';
import type { ChaosRunResult } from '../src/harness/chaos.js';
import { emit } from './shapes.js';

const [runs, rounds] = process.argv.slice(2).map(Number) as [number, number];

const perRun = (rs: ChaosRunResult[]) => {
  const tokens = rs.reduce((n, r) => n + r.model.inputTokens + r.model.outputTokens, 0);
  const overhead: Record<string, number> = {};
  for (const r of rs) for (const [k, n] of Object.entries(r.model.overhead)) overhead[k] = (overhead[k] ?? 0) + n;
  const wasted = Object.values(overhead).reduce((a, b) => a + b, 0);
  return {
    tokens: tokens / rs.length, costUsd: rs.reduce((n, r) => n + r.model.costUsd, 0) / rs.length, calls: rs.reduce((n, r) => n + r.model.calls, 0) / rs.length,
    overheadShare: tokens ? wasted / tokens : 0, overhead, violations: rs.reduce((n, r) => n + r.violations.length, 0),
  };
};

const clean = await exploreChaos({ firstSeed: 0, runs: loadBundledScenarios().length, crashPoints: 'none', asWritten: true });
const chaos = await exploreChaos({ firstSeed: 1, runs, crashPoints: 'random' });

// runs per minute, and process CPU ms per run (less sensitive than wall time to other processes on a shared machine)
const timed = async (withoutModel: boolean) => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await exploreChaos({ firstSeed: 1, runs, crashPoints: 'random', ...(withoutModel ? { withoutModel } : {}) });
  const cpu = process.cpuUsage(c0);
  return { perMinute: (runs / ((performance.now() - t0) / 1000)) * 60, cpuMsPerRun: (cpu.user + cpu.system) / 1000 / runs };
};
const off: number[] = [];
const on: number[] = [];
const cpuOff: number[] = [];
const cpuOn: number[] = [];
for (let i = 0; i < rounds; i++) {
  const a = await timed(true);
  const b = await timed(false);
  off.push(a.perMinute);
  on.push(b.perMinute);
  cpuOff.push(a.cpuMsPerRun);
  cpuOn.push(b.cpuMsPerRun);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// each round's two sweeps ran back to back: the median of the rounds' own ratios cancels slow drifts in load
const ratios = on.map((n, i) => n / off[i]!);
const cpuRatios = cpuOff.map((n, i) => n / cpuOn[i]!);
emit({
  runs, rounds, clean: perRun(clean), chaos: perRun(chaos),
  perMinute: { withoutModel: median(off), withModel: median(on), ratio: median(ratios), rounds: { off, on, ratios } },
  cpuMsPerRun: { withoutModel: median(cpuOff), withModel: median(cpuOn), ratio: median(cpuRatios), rounds: { off: cpuOff, on: cpuOn, ratios: cpuRatios } },
});

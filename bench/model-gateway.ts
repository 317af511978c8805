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

const timed = async (withoutModel: boolean) => {
  const t0 = performance.now();
  await exploreChaos({ firstSeed: 1, runs, crashPoints: 'random', ...(withoutModel ? { withoutModel } : {}) });
  return (runs / ((performance.now() - t0) / 1000)) * 60;
};
const off: number[] = [];
const on: number[] = [];
for (let i = 0; i < rounds; i++) {
  off.push(await timed(true));
  on.push(await timed(false));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
emit({ runs, rounds, clean: perRun(clean), chaos: perRun(chaos), perMinute: { withoutModel: median(off), withModel: median(on), rounds: { off, on } } });

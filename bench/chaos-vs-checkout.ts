/**
 * Chaos runs per minute of this checkout against another checkout of the project (an earlier
 * commit), side by side on this machine: each round runs the same sweep (seeds 1…RUNS, a random
 * crash plan each, every invariant) in a fresh process in each checkout, alternating, so load from
 * other processes falls on both alike. Each checkout runs its own bundled scenarios and palette.
 * The issue-14 bound reads "chaos runs per minute with the gateway in the loop within 20% of
 * today's figure": with the checkout from before the gateway this is that figure, measured again.
 *
 *   git worktree add /tmp/before 5c32c57 && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npx tsx bench/chaos-vs-checkout.ts /tmp/before [runs] [rounds]
 *
 * Prints one JSON line: runs per minute and process CPU ms per run of each, per round and median,
 * and the medians of the rounds' ratios (this / other).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { emit, median } from './shapes.js';

const [otherArg, runsArg, roundsArg] = process.argv.slice(2);
if (!otherArg || !existsSync(resolve(otherArg, 'src/harness/chaos-exploration.ts'))) {
  console.error('usage: npx tsx bench/chaos-vs-checkout.ts <other checkout, with node_modules> [runs=60] [rounds=3]');
  process.exit(2);
}
const other = resolve(otherArg);
const here = resolve('.');
const runs = Number(runsArg ?? 60);
const rounds = Number(roundsArg ?? 3);

// the sweep each checkout runs, in its own directory (a warm-up of 20 runs first)
const SWEEP = `
const { exploreChaos } = await import(process.cwd() + '/src/harness/chaos-exploration.ts');
await exploreChaos({ firstSeed: 1, runs: 20, crashPoints: 'random' });
const t0 = performance.now();
const c0 = process.cpuUsage();
const rs = await exploreChaos({ firstSeed: 1, runs: ${runs}, crashPoints: 'random' });
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ perMinute: ${runs} / ((performance.now() - t0) / 60000), cpuMsPerRun: (c.user + c.system) / 1000 / ${runs}, violations: rs.reduce((n, r) => n + r.violations.length, 0) }));
`;

interface Sweep { perMinute: number; cpuMsPerRun: number; violations: number }
function sweep(dir: string): Sweep {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SWEEP], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30 * 60_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Sweep;
}

const thisRounds: Sweep[] = [];
const otherRounds: Sweep[] = [];
for (let i = 0; i < rounds; i++) {
  otherRounds.push(sweep(other));
  thisRounds.push(sweep(here));
}
emit({
  runs, rounds, other,
  perMinute: { this: median(thisRounds.map((r) => r.perMinute)), other: median(otherRounds.map((r) => r.perMinute)), ratio: median(thisRounds.map((r, i) => r.perMinute / otherRounds[i]!.perMinute)) },
  cpuMsPerRun: { this: median(thisRounds.map((r) => r.cpuMsPerRun)), other: median(otherRounds.map((r) => r.cpuMsPerRun)), ratio: median(thisRounds.map((r, i) => otherRounds[i]!.cpuMsPerRun / r.cpuMsPerRun)) },
  violations: { this: thisRounds.reduce((n, r) => n + r.violations, 0), other: otherRounds.reduce((n, r) => n + r.violations, 0) },
  perRound: { this: thisRounds, other: otherRounds },
});

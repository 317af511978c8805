/**
 * `npm run bench`: wall-clock costs of the orchestrator on the virtual clock, over real HTTP
 * on 127.0.0.1 (bounded: a fixed number of runs, then it stops).
 * - one full execution (4 h review, 2 h pend, polling): median and p90 of RUNS runs
 * - the DESIGN §6 case: a 7-day review and 48 backoff polls, median of RUNS runs
 * - throughput: CONCURRENT executions started at once on one runtime, completed per second
 * - chaos: CHAOS_RUNS seeded runs (random faults, a crash, all eight invariants checked) per
 *   minute, on one worker thread and on one per core
 */
import { startE2eEnvironment } from '../src/harness/e2e-environment.js';
import type { SimulatorConfigInput } from '../src/contracts/config.js';
import { defaultWorkers, exploreChaosInWorkers } from '../src/harness/chaos-workers.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 200);
const CHAOS_RUNS = Number(process.env.BENCH_CHAOS_RUNS ?? 100);
const request = { patientId: 'pat-lumbar-meets', procedureCode: '72148' };

const typical: SimulatorConfigInput = {
  payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 7200, finalDecision: 'evidence' } } },
  review: { behaviour: 'approve', delaySeconds: 4 * 3600 },
};
const longest: SimulatorConfigInput = {
  payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 90 * 86400, finalDecision: 'A1' } } },
  review: { behaviour: 'approve', delaySeconds: 7 * 86400 - 3600 },
};

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function timeRuns(name: string, config: SimulatorConfigInput, expected: string) {
  const walls: number[] = [];
  let simulatedDays = 0;
  for (let i = 0; i < RUNS; i++) {
    const env = await startE2eEnvironment({ ...config, seed: i + 1 });
    const started = performance.now();
    const t0 = env.clock.now();
    const run = await env.run(request);
    walls.push(performance.now() - started);
    simulatedDays = (env.clock.now() - t0) / 86_400_000;
    if (run.result?.outcome !== expected) throw new Error(`${name}: expected ${expected}, got ${run.result?.outcome ?? run.status}`);
    await env.close();
  }
  console.log(`${name.padEnd(38)} median ${quantile(walls, 0.5).toFixed(0)} ms, p90 ${quantile(walls, 0.9).toFixed(0)} ms wall for ${simulatedDays.toFixed(2)} simulated days (${RUNS} runs)`);
}

async function throughput() {
  const env = await startE2eEnvironment({ ...typical, seed: 7 });
  const started = performance.now();
  const ids = Array.from({ length: CONCURRENT }, (_, i) => env.runtime.start({ handler: 'prior-auth', input: request, name: `bench-${i}` }).executionId);
  await env.runtime.runUntilIdle({ maxSteps: 1_000_000 });
  const seconds = (performance.now() - started) / 1000;
  const done = ids.filter((id) => env.runtime.getExecution(id).status === 'SUCCEEDED').length;
  console.log(`${'throughput'.padEnd(38)} ${done}/${CONCURRENT} executions in ${seconds.toFixed(2)} s wall: ${(done / seconds).toFixed(1)} executions/s (claims in ledger: ${env.sim.ledger.totals().claims})`);
  await env.close();
}

async function chaosRate(workers: number) {
  const started = performance.now();
  const results = await exploreChaosInWorkers({ firstSeed: 1, runs: CHAOS_RUNS, crashPoints: 'random' }, workers);
  const violations = results.reduce((n, r) => n + r.violations.length, 0);
  const crashes = results.reduce((n, r) => n + r.crashed, 0);
  const minutes = (performance.now() - started) / 60_000;
  const label = `chaos, ${workers} worker thread${workers > 1 ? 's' : ''}`;
  console.log(`${label.padEnd(38)} ${CHAOS_RUNS} runs (${crashes} crashes, invariants checked) in ${(minutes * 60).toFixed(1)} s: ${(CHAOS_RUNS / minutes).toFixed(0)} runs/min (violations: ${violations})`);
}

console.log(`prior-auth-sim bench on node ${process.version}`);
await timeRuns('full execution (4 h review, 2 h pend)', typical, 'APPROVED');
await timeRuns('7-day review + 48 polls', longest, 'MANUAL_REVIEW');
await throughput();
await chaosRate(1);
if (defaultWorkers() > 1) await chaosRate(defaultWorkers());
await (await import('./store.js')).benchStore();

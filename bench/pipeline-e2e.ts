/**
 * The whole pipeline end to end (simulator over loopback HTTP, runtime, workflow, virtual clock):
 * a typical execution (4 h review, 2 h pend) and the longest (7-day review, then polling to the cap).
 */
import type { SimulatorConfigInput } from '../src/contracts/config.js';
import { startE2eEnvironment } from '../src/harness/e2e-environment.js';
import { emit, median, quantile } from './shapes.js';

const runs = Number(process.argv[2] ?? 5);
const request = { patientId: 'pat-lumbar-meets', procedureCode: '72148' };
const typical: SimulatorConfigInput = {
  payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 7200, finalDecision: 'evidence' } } },
  review: { behaviour: 'approve', delaySeconds: 4 * 3600 },
};
const longest: SimulatorConfigInput = {
  payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 90 * 86400, finalDecision: 'A1' } } },
  review: { behaviour: 'approve', delaySeconds: 7 * 86400 - 3600 },
};

async function walls(config: SimulatorConfigInput, expected: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const env = await startE2eEnvironment({ ...config, seed: i + 1 });
    const t0 = performance.now();
    const run = await env.run(request);
    // the first run compiles and warms up: not counted
    if (i > 0) out.push(performance.now() - t0);
    if (run.result?.outcome !== expected) throw new Error(`expected ${expected}, got ${run.result?.outcome ?? run.status}`);
    await env.close();
  }
  return out;
}

const full = await walls(typical, 'APPROVED');
const long = await walls(longest, 'MANUAL_REVIEW');
emit({ fullMedianMs: median(full), fullP90Ms: quantile(full, 0.9), longestMedianMs: median(long) });

/** TEMP diagnostic: same seeds alone and side by side; print the first trace divergence. */
import { mapConcurrent } from '../../src/harness/chaos-exploration.js';
import { chaosRun, randomCrashPlan } from '../../src/harness/chaos.js';
import { firstDivergence } from '../../src/harness/run-trace.js';
import { resolveScenario } from '../../src/core/scenarios/bundled-scenarios.js';

const SCEN = process.env.DIAG_SCENARIOS?.split(',') ?? ['token-expired-mid-flow', 'physician-answers-twice', 'smart-happy-path'];
const SEEDS = (process.env.DIAG_SEEDS ?? '77,78,79,80').split(',').map(Number);
const ROUNDS = Number(process.env.DIAG_ROUNDS ?? 3);
const CONC = (process.env.DIAG_CONC ?? '1,12').split(',').map(Number);

import { pbkdf2 } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const HOG = Number(process.env.DIAG_HOG ?? 0);
let hogging = false;
function hog(): void {
  if (!hogging) return;
  pbkdf2('x', 'y', HOG, 32, 'sha256', () => hog());
}

it('diag', async () => {
  if (HOG) { hogging = true; hog(); hog(); }
  const jobs = SCEN.flatMap((s) => SEEDS.map((seed) => ({ s, seed })));
  const base = new Map<string, { trace: string[]; hits: unknown; outcome?: string }>();
  const diffs: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const conc of CONC) {
      const g = globalThis as unknown as Record<string, number>;
      const rs = await mapConcurrent(jobs, conc, async ({ s, seed }) => {
        const before = g.__zombieTrips ?? 0;
        const r = await chaosRun(resolveScenario(s), seed, { crash: randomCrashPlan(seed), trace: true });
        if (conc === 1 && (g.__zombieTrips ?? 0) > before) console.log('zombie', s, seed, (g.__zombieTrips ?? 0) - before, JSON.stringify(r.crash), JSON.stringify(r.pointHits));
        return r;
      });
      rs.forEach((r, i) => {
        const k = `${jobs[i]!.s}/${jobs[i]!.seed}`;
        const b = base.get(k);
        if (!b) { base.set(k, { trace: r.trace!, hits: r.pointHits, outcome: r.outcome }); return; }
        const d = firstDivergence(b.trace, r.trace!, 8);
        if (d) diffs.push(`${k} round ${round} conc ${conc} hits ${JSON.stringify(b.hits)} vs ${JSON.stringify(r.pointHits)}\n${d}`);
      });
    }
  }
  hogging = false;
  console.log('zombieTrips', (globalThis as unknown as Record<string, number>).__zombieTrips);
  if (process.env.DIAG_OUT) writeFileSync(process.env.DIAG_OUT, JSON.stringify(Object.fromEntries([...base].map(([k, v]) => [k, v])), null, 1));
  if (diffs.length) console.log(diffs.join('\n\n'));
  expect(diffs.length).toBe(0);
}, 1_200_000);

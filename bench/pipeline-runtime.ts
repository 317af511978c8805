/**
 * The review-and-poll shape on our runtime alone (SQLite in memory, virtual clock), with and
 * without the SDK's suspension cooldown; and how wall time grows with the number of polls
 * (replay cost against history length), in wall time and in process CPU time (`byPollsCpu`, which
 * load from other processes disturbs less).
 *
 *   node --import tsx bench/pipeline-runtime.ts [runs=5]
 */
import { createDurableRuntime, createVirtualClock } from '../orchestrator/runtime/index.js';
import { emit, median, reviewAndPoll } from './shapes.js';

const runs = Number(process.argv[2] ?? 5);

let lastCpuMs = 0;
async function once(polls: number, suspensionCooldown: 'skip' | 'sdk'): Promise<number> {
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock(), suspensionCooldown });
  runtime.register('shape', reviewAndPoll(polls));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { executionId } = runtime.start({ handler: 'shape' });
  await runtime.runUntilIdle();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  lastCpuMs = (cpu.user + cpu.system) / 1000;
  if (runtime.getExecution(executionId).status !== 'SUCCEEDED') throw new Error('runtime: the shape did not succeed');
  await runtime.close();
  return wall;
}

const cpus: number[] = [];
const series = async (polls: number, cooldown: 'skip' | 'sdk', n = runs) => {
  const walls: number[] = [];
  cpus.length = 0;
  for (let i = 0; i < n; i++) {
    walls.push(await once(polls, cooldown));
    cpus.push(lastCpuMs);
  }
  return median(walls);
};

await once(8, 'skip'); // warm-up: module compilation
const byPolls: Record<number, number> = {};
const byPollsCpu: Record<number, number> = {};
for (const polls of [12, 24, 48, 96, 192]) {
  byPolls[polls] = await series(polls, 'skip', 3);
  byPollsCpu[polls] = median(cpus);
}
emit({ medianMs: await series(48, 'skip'), sdkCooldownMedianMs: await series(48, 'sdk', Math.min(runs, 3)), byPolls, byPollsCpu });

/**
 * The review-and-poll shape on our runtime alone (SQLite in memory, virtual clock), with and
 * without the SDK's suspension cooldown; and how wall time grows with the number of polls
 * (replay cost against history length).
 */
import { createDurableRuntime, createVirtualClock } from '../orchestrator/runtime/index.js';
import { emit, median, reviewAndPoll } from './shapes.js';

const runs = Number(process.argv[2] ?? 5);

async function once(polls: number, suspensionCooldown: 'skip' | 'sdk'): Promise<number> {
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock(), suspensionCooldown });
  runtime.register('shape', reviewAndPoll(polls));
  const t0 = performance.now();
  const { executionId } = runtime.start({ handler: 'shape' });
  await runtime.runUntilIdle();
  const wall = performance.now() - t0;
  if (runtime.getExecution(executionId).status !== 'SUCCEEDED') throw new Error('runtime: the shape did not succeed');
  await runtime.close();
  return wall;
}

const series = async (polls: number, cooldown: 'skip' | 'sdk', n = runs) => {
  const walls: number[] = [];
  for (let i = 0; i < n; i++) walls.push(await once(polls, cooldown));
  return median(walls);
};

await once(8, 'skip'); // warm-up: module compilation
const byPolls: Record<number, number> = {};
for (const polls of [12, 24, 48, 96, 192]) byPolls[polls] = await series(polls, 'skip', 3);
emit({ medianMs: await series(48, 'skip'), sdkCooldownMedianMs: await series(48, 'sdk', Math.min(runs, 3)), byPolls });

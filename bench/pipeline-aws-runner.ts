/**
 * Anchor for the pipeline figures: the review-and-poll shape on AWS's `LocalDurableTestRunner`
 * (in memory, fake timers with skipTime). In its own process: the runner installs process-wide
 * fake timers.
 */
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { emit, median, reviewAndPoll } from './shapes.js';

const runs = Number(process.argv[2] ?? 5);
// the runner's fake timers fake `performance.now` too (it read 7 days per run): keep the real one
const now = performance.now.bind(performance);
await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
const walls: number[] = [];
for (let i = 0; i < runs; i++) {
  const runner = new LocalDurableTestRunner<number>({ handlerFunction: reviewAndPoll() });
  const t0 = now();
  const result = await runner.run({ payload: {} });
  walls.push(now() - t0);
  if (result.getStatus() !== 'SUCCEEDED') throw new Error(`AWS runner: ${String(result.getStatus())}`);
}
await LocalDurableTestRunner.teardownTestEnvironment();
emit({ medianMs: median(walls), runs });

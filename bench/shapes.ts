/**
 * The durable shape the pipeline benchmarks share: a step, a 7-day wait, then 48 polls
 * (`waitForCondition`, 30 s doubling to a 5 min cap) — the longest path of the prior-auth
 * workflow without its HTTP calls, so our runtime and the SDK's own test runner do the same work.
 */
import { withDurableExecution } from '@aws/durable-execution-sdk-js';

export const POLLS = 48;

export const reviewAndPoll = (polls = POLLS) => withDurableExecution(async (_e: unknown, ctx) => {
  await ctx.step('prepare', async () => 'ok');
  await ctx.wait('review', { days: 7 });
  return ctx.waitForCondition('poll', async (n: number) => n + 1, {
    initialState: 0,
    waitStrategy: (n, attempt) => (n > polls ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: Math.min(300, 30 * 2 ** (attempt - 1)) } }),
  });
});

/** step → 1-day wait → step: the smallest execution that suspends once. */
export const stepWaitStep = withDurableExecution(async (e: { i: number }, ctx) => {
  const a = await ctx.step('a', async () => e.i);
  await ctx.wait('day', { days: 1 });
  return ctx.step('b', async () => a * 2);
});

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** The section's figures, one JSON line on stdout for bench/run.ts (which runs each section in its own process). */
export function emit(figures: Record<string, unknown>): void {
  const { maxRSS } = process.resourceUsage();
  console.log(JSON.stringify({ ...figures, peakRssMb: Math.round(maxRSS / 1024) }));
}

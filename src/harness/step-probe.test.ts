import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import type { Agents } from '../../orchestrator/agents/agents.js';
import { createDurableRuntime, createVirtualClock, sequentialIds } from '../../orchestrator/runtime/index.js';
import { createStepProbe } from './step-probe.js';

/**
 * Two executions of one handler in one runtime. Each runs the medical-necessity agent in its
 * step; the one started with `rerun: true` then runs it again after a wait, outside any step
 * (what the `agent-outside-step` bug does on replay).
 */
async function twoExecutions(order: ('clean' | 'rerun')[]) {
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock(), ids: sequentialIds('p') });
  const probe = createStepProbe(runtime);
  const fake = { run: async () => 'necessary' };
  const agents = probe.instrument.agents({ clinicalExtraction: fake, medicalNecessity: fake, payerCriteria: fake, justificationLetter: fake } as unknown as Agents);
  const necessity = agents.medicalNecessity.run as unknown as () => Promise<string>;
  runtime.register('necessity', withDurableExecution(async (event: { rerun: boolean }, ctx) => {
    const first = await ctx.step('medical-necessity', () => necessity());
    await ctx.wait('pause', { hours: 1 });
    if (event.rerun) await necessity();
    return first;
  }));
  const ids: Record<string, string> = {};
  for (const kind of order) {
    ids[kind] = runtime.start({ handler: 'necessity', input: { rerun: kind === 'rerun' } }).executionId;
    await runtime.runUntilIdle();
  }
  await runtime.close();
  return { reruns: probe.reruns, ids, calls: probe.calls.get('agents.medicalNecessity') };
}

describe('step probe (evidence for invariant 2)', () => {
  it('flags the re-run in the second execution of an environment, and nothing in the first', async () => {
    const { reruns, ids, calls } = await twoExecutions(['clean', 'rerun']);
    expect(calls).toBe(3);
    expect(reruns).toEqual([{ call: 'agents.medicalNecessity', operation: 'medical-necessity', executionId: ids.rerun, at: expect.any(Number) }]);
  });

  it('flags the re-run in the first execution, and not the second execution\'s own first call', async () => {
    const { reruns, ids } = await twoExecutions(['rerun', 'clean']);
    expect(reruns).toEqual([{ call: 'agents.medicalNecessity', operation: 'medical-necessity', executionId: ids.rerun, at: expect.any(Number) }]);
  });

  it('a call outside any invocation is not attributed to an execution', async () => {
    const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock() });
    const probe = createStepProbe(runtime);
    const fake = { run: async () => 'x' };
    const agents = probe.instrument.agents({ clinicalExtraction: fake, medicalNecessity: fake, payerCriteria: fake, justificationLetter: fake } as unknown as Agents);
    await (agents.medicalNecessity.run as unknown as () => Promise<string>)();
    expect(probe.reruns).toEqual([]);
    await runtime.close();
  });
});

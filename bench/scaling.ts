/**
 * Throughput and memory with N executions started at once, in a process of its own (so peak RSS
 * is this run's): `runtime N` — step → 1-day wait → step on the runtime alone; `workflow N` — the
 * prior-auth workflow against the simulator over loopback HTTP (4 h review, 2 h pend, polling).
 */
import { startE2eEnvironment } from '../src/harness/e2e-environment.js';
import { createDurableRuntime, createVirtualClock } from '../orchestrator/runtime/index.js';
import { emit, stepWaitStep } from './shapes.js';

const [kind, nArg] = process.argv.slice(2);
const n = Number(nArg);

async function runtimeAlone() {
  const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock() });
  runtime.register('short', stepWaitStep);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) runtime.start({ handler: 'short', input: { i } });
  await runtime.runUntilIdle({ maxSteps: 10_000_000 });
  const seconds = (performance.now() - t0) / 1000;
  const done = runtime.listExecutions('SUCCEEDED').length;
  await runtime.close();
  return { done, seconds };
}

async function workflow() {
  const env = await startE2eEnvironment({
    seed: 7,
    payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 7200, finalDecision: 'evidence' } } },
    review: { behaviour: 'approve', delaySeconds: 4 * 3600 },
  });
  const t0 = performance.now();
  const ids = Array.from({ length: n }, (_, i) => env.runtime.start({ handler: 'prior-auth', input: { patientId: 'pat-lumbar-meets', procedureCode: '72148' }, name: `bench-${i}` }).executionId);
  await env.runtime.runUntilIdle({ maxSteps: 10_000_000 });
  const seconds = (performance.now() - t0) / 1000;
  // the outcome too: at 10,000 at once every execution but one once SUCCEEDED as MANUAL_REVIEW, four
  // times faster than the approvals it was meant to measure
  const outcomes: Record<string, number> = {};
  for (const id of ids) {
    const e = env.runtime.getExecution(id);
    const outcome = e.status === 'SUCCEEDED' ? String((JSON.parse(String(e.result)) as { outcome?: unknown }).outcome) : e.status;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  await env.close();
  if (outcomes.APPROVED !== n) throw new Error(`workflow ${n}: not every execution was approved (${JSON.stringify(outcomes)}), so the figure would time another path`);
  return { done: n, seconds };
}

const { done, seconds } = kind === 'workflow' ? await workflow() : await runtimeAlone();
if (done !== n) throw new Error(`${kind} ${n}: only ${done} executions succeeded`);
emit({ kind, n, seconds, perSecond: n / seconds });

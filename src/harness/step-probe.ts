/**
 * Evidence for invariant 2 (completed steps never re-run): the harness wraps every agent and
 * every side-effecting client call the workflow receives, and at each call asks the runtime's
 * store — not the orchestrator — whether the operation that owns the call has already
 * checkpointed success. A call after that is a re-run. The one allowed window (a crash after
 * the side effect, before its checkpoint) never shows here: that checkpoint was not persisted.
 * Calls from an invocation whose process crashed are not counted: a killed process makes none.
 */
import type { Agents } from '../../orchestrator/agents/agents.js';
import type { Clients } from '../../orchestrator/clients/clients.js';
import type { DurableRuntime } from '../../orchestrator/runtime/index.js';

export interface Rerun {
  /** The agent or client call, e.g. `agents.medicalNecessity` or `payer.submit`. */
  call: string;
  /** The operation whose checkpoint had already succeeded. */
  operation: string;
  /** The execution whose invocation made the call. */
  executionId: string;
  /** The runtime clock when it happened (epoch ms). */
  at: number;
}

/** Which operation owns each call: a named step, or the submitter step inside a named callback wait. */
const OWNERS = {
  'agents.clinicalExtraction': { step: 'clinical-extraction' },
  'agents.medicalNecessity': { step: 'medical-necessity' },
  'agents.payerCriteria': { step: 'payer-criteria' },
  'agents.justificationLetter': { step: 'justification-letter' },
  'payer.submit': { step: 'submit' },
  'review.createTask': { submitterOf: 'physician-review' },
  'payer.createSubscription': { submitterOf: 'payer-notification' },
} as const;
type Call = keyof typeof OWNERS;

export function createStepProbe(runtime: DurableRuntime) {
  const reruns: Rerun[] = [];
  const calls = new Map<Call, number>();

  /** Whether the operation owning `call` in `executionId` has checkpointed success. */
  const alreadySucceeded = (call: Call, executionId: string): boolean => {
    const ops = runtime.getExecution(executionId).operations;
    const owner: { step?: string; submitterOf?: string } = OWNERS[call];
    if (owner.step) return ops.some((o) => o.type === 'STEP' && o.name === owner.step && o.status === 'SUCCEEDED');
    const wait = ops.find((o) => o.type === 'CONTEXT' && o.name === owner.submitterOf);
    return !!wait && ops.some((o) => o.parentId === wait.id && o.type === 'STEP' && o.status === 'SUCCEEDED');
  };

  const watch = <F extends (...args: never[]) => unknown>(call: Call, fn: F): F =>
    ((...args: Parameters<F>) => {
      calls.set(call, (calls.get(call) ?? 0) + 1);
      // the invocation making the call, not any execution: several share one environment
      const invocation = runtime.currentInvocation();
      const executionId = invocation?.executionId;
      // A crashed invocation's code still runs in this process (a killed one would not): the
      // environment refuses its requests, and the orchestrator may go on past a refused CRD/DTR
      // call into the agent. That is no re-run of a completed step; the replacing invocation's are.
      if (executionId !== undefined && !invocation!.crashed && alreadySucceeded(call, executionId)) {
        const owner: { step?: string; submitterOf?: string } = OWNERS[call];
        reruns.push({ call, operation: owner.step ?? `${owner.submitterOf} (submitter)`, executionId, at: runtime.clock.now() });
      }
      return fn(...args);
    }) as F;

  const agent = <A extends { run: (...args: never[]) => unknown }>(call: Call, a: A): A => ({ ...a, run: watch(call, a.run.bind(a) as A['run']) });

  return {
    reruns,
    /** Calls seen per agent or client method (for diagnostics). */
    calls,
    instrument: {
      agents: (a: Agents): Agents => ({
        clinicalExtraction: agent('agents.clinicalExtraction', a.clinicalExtraction),
        medicalNecessity: agent('agents.medicalNecessity', a.medicalNecessity),
        payerCriteria: agent('agents.payerCriteria', a.payerCriteria),
        justificationLetter: agent('agents.justificationLetter', a.justificationLetter),
      }),
      clients: (c: Clients): Clients => ({
        ...c,
        payer: { ...c.payer, submit: watch('payer.submit', c.payer.submit.bind(c.payer)), createSubscription: watch('payer.createSubscription', c.payer.createSubscription.bind(c.payer)) },
        review: { ...c.review, createTask: watch('review.createTask', c.review.createTask.bind(c.review)) },
      }),
    },
  };
}

export type StepProbe = ReturnType<typeof createStepProbe>;

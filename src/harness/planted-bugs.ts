/**
 * Known bugs the chaos harness must catch, for testing only (`prior-auth-sim chaos
 * --plant-bug`, test/chaos/planted-bugs.test.ts). The production workflow holds none of them:
 * each is a variant built around it, by rewriting what the workflow is given (its clients and
 * key factory) or by wrapping the durable context it runs on, so that the buggy behaviour is
 * exactly what the bug's comment says. `callback-resolved-twice` is planted in the runtime.
 */
import type { DurableContext, WaitForConditionConfig } from '@aws/durable-execution-sdk-js';
import { TransientError } from '../../orchestrator/clients/client-errors.js';
import type { Clients } from '../../orchestrator/clients/clients.js';
import type { PasRequestBundle } from '../contracts/pas.js';
import type { WorkflowVariant } from '../../orchestrator/orchestrator.js';
import { backoffSeconds } from '../../orchestrator/retry-policy.js';
import type { WorkflowDeps } from '../../orchestrator/workflow.js';

export const PLANTED_BUGS = [
  'key-per-attempt', // a fresh Idempotency-Key on every submit attempt
  'key-outside-step', // the key made in workflow code, not in a step: a new one on every replay
  'no-idempotency-key', // submit without a key
  'resubmit-on-lost-response', // a lost response taken as failure: resubmitted as a new claim
  'agent-outside-step', // an agent run before its step and only the result checkpointed: re-run on every replay
  'step-result-not-checkpointed', // the payer-criteria step checkpoints only that it ran; its result is asked of the agent again after it
  'non-idempotent-side-effect', // the review task created under a fresh key per attempt: a retried step makes a second task
  'poll-without-backoff', // inquire every second
  'poll-without-cap', // keep polling a pended claim forever
  'callback-resolved-twice', // the runtime accepts a second completion of a callback (planted in the runtime)
  'branch-on-clock', // waits for business hours with the clock read outside a step: replays diverge
] as const;
export type PlantedBug = (typeof PLANTED_BUGS)[number];

/** The bugs planted in the runtime rather than the workflow. */
export type RuntimeBug = Extract<PlantedBug, 'callback-resolved-twice'>;
export const isRuntimeBug = (bug: PlantedBug): bug is RuntimeBug => bug === 'callback-resolved-twice';

type Submit = Clients['payer']['submit'];
type StepArgs = [name: string, fn: (...args: unknown[]) => Promise<unknown>, config?: unknown];
type WaitArgs = [name: string, check: unknown, config: WaitForConditionConfig<{ polls: number; decision?: unknown }>];

/** `deps` with the payer's submit replaced. */
const withSubmit = (deps: WorkflowDeps, submit: (original: Submit) => Submit): WorkflowDeps =>
  ({ ...deps, clients: { ...deps.clients, payer: { ...deps.clients.payer, submit: submit(deps.clients.payer.submit) } } });

/**
 * `ctx` with one durable method intercepted for one operation name; every other call (and
 * every other property) goes to the real context.
 */
function intercept<A extends unknown[]>(ctx: DurableContext, method: 'step' | 'waitForCondition', name: string, around: (call: (...args: A) => Promise<unknown>, ...args: A) => Promise<unknown>): DurableContext {
  return new Proxy(ctx, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const real = (value as (...args: unknown[]) => Promise<unknown>).bind(target);
      if (prop !== method) return real;
      return (...args: A) => (args[0] === name ? around(real as (...a: A) => Promise<unknown>, ...args) : real(...args));
    },
  });
}

/** The same request under new business identifiers (Bundle.identifier, Claim.identifier and ids derive from one hash). */
function asNewClaim(bundle: PasRequestBundle): PasRequestBundle {
  const long = bundle.identifier.value!.slice('PAB-'.length);
  const fresh = [...long].reverse().join('');
  return JSON.parse(JSON.stringify(bundle).split(long).join(fresh).split(long.slice(0, 16)).join(fresh.slice(0, 16))) as PasRequestBundle;
}

function variantOf(bug: Exclude<PlantedBug, RuntimeBug>): WorkflowVariant {
  switch (bug) {
    case 'key-per-attempt':
      return { deps: (d) => withSubmit(d, (submit) => (bundle) => submit(bundle, d.newIdempotencyKey())) };
    case 'no-idempotency-key':
      return { deps: (d) => withSubmit(d, (submit) => (bundle) => submit(bundle, '')) };
    case 'resubmit-on-lost-response':
      // a network error (no HTTP status: the response was lost) taken as "not submitted"
      return {
        deps: (d) => withSubmit(d, (submit) => (bundle, key) => submit(bundle, key).catch((err: unknown) => {
          if (!(err instanceof TransientError && err.status === undefined)) throw err;
          return submit(asNewClaim(bundle), d.newIdempotencyKey());
        })),
      };
    case 'key-outside-step': {
      // made in workflow code each time the workflow reaches the submit step, replays included
      let outsideKey = '';
      return {
        deps: (d) => withSubmit(d, (submit) => (bundle) => submit(bundle, outsideKey)),
        context: (ctx, d) => intercept<StepArgs>(ctx, 'step', 'submit', (step, ...args) => {
          outsideKey = d.newIdempotencyKey();
          return step(...args);
        }),
      };
    }
    case 'non-idempotent-side-effect':
      return {
        deps: (d) => ({
          ...d,
          clients: { ...d.clients, review: { ...d.clients.review, createTask: (task) => d.clients.review.createTask({ ...task, callbackId: `${task.callbackId}.${d.newIdempotencyKey()}` }) } },
        }),
      };
    case 'agent-outside-step':
      // the agent's result computed in workflow code, only the result checkpointed
      return {
        context: (ctx) => intercept<StepArgs>(ctx, 'step', 'medical-necessity', async (step, name, fn, config) => {
          const early = await fn();
          return step(name, async () => early, config);
        }),
      };
    case 'step-result-not-checkpointed':
      // "the result is too big to checkpoint": the step records null, and the workflow asks the agent again after it, on every replay
      return {
        context: (ctx) => intercept<StepArgs>(ctx, 'step', 'payer-criteria', async (step, name, fn, config) => {
          await step(name, async () => {
            await fn();
            return null;
          }, config);
          return fn();
        }),
      };
    case 'branch-on-clock':
      // waits for business hours (09–17 UTC), decided from a clock read outside any step
      return {
        context: (ctx, d) => intercept<StepArgs>(ctx, 'step', 'submit', async (step, ...args) => {
          const hour = new Date(d.now()).getUTCHours();
          if (hour < 9 || hour >= 17) await ctx.wait('business-hours', { hours: 1 });
          return step(...args);
        }),
      };
    case 'poll-without-backoff':
    case 'poll-without-cap':
      return {
        context: (ctx, d) => intercept<WaitArgs>(ctx, 'waitForCondition', 'poll-decision', (waitFor, name, check, config) => waitFor(name, check, {
          ...config,
          waitStrategy: (state, attempt) => {
            const decided = config.waitStrategy(state, attempt);
            if (bug === 'poll-without-backoff') return decided.shouldContinue ? { shouldContinue: true, delay: { seconds: 1 } } : decided;
            return decided.shouldContinue || state.decision ? decided : { shouldContinue: true, delay: { seconds: backoffSeconds(d.config.polling, state.polls) } };
          },
        })),
      };
  }
}

/** The workflow variant that plants `bug` (undefined for a runtime bug: see `isRuntimeBug`). */
export function plantedBugVariant(bug: PlantedBug): WorkflowVariant | undefined {
  return isRuntimeBug(bug) ? undefined : variantOf(bug);
}

/**
 * The same workflow deployed to AWS Lambda durable functions (see deploy/template.yaml and
 * docs/aws.md). This is an edge: configuration comes from the function's environment,
 * validated once here, and time is the real clock. Callbacks are completed on AWS through the
 * Lambda API, so CALLBACK_BASE_URL and NOTIFICATION_BASE_URL point at the relays
 * (orchestrator/aws/relay-handlers.ts).
 */
import { randomUUID } from 'node:crypto';
import { withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
import { z } from 'zod';
import { createAgents } from './agents/agents.js';
import { createClients } from './clients/clients.js';
import { createPriorAuthWorkflow } from './workflow.js';
import { DEFAULT_WORKFLOW_CONFIG, type PriorAuthRequest } from './workflow-types.js';
import { trimTrailingSlashes } from '../src/contracts/trim-trailing-slashes.js';
import { deriveCallbackSecret } from '../src/contracts/callback-signature.js';

const EnvSchema = z.object({
  EHR_URL: z.url(),
  PAYER_URL: z.url(),
  REVIEW_URL: z.url(),
  // function URLs end in '/'; the workflow appends '/callbacks/…' itself
  CALLBACK_BASE_URL: z.url().transform(trimTrailingSlashes),
  NOTIFICATION_BASE_URL: z.url().transform(trimTrailingSlashes),
  HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  // the key the relays verify completions with (Secrets Manager, see the template); each callback's secret is derived from it
  CALLBACK_SIGNING_KEY: z.string().min(32),
});

const env = EnvSchema.parse(process.env);
const clients = createClients({ ehrUrl: env.EHR_URL, payerUrl: env.PAYER_URL, reviewUrl: env.REVIEW_URL, fetch: (input, init) => fetch(input, init), timeoutMs: env.HTTP_TIMEOUT_MS });

const workflow = createPriorAuthWorkflow({
  agents: createAgents({ ehr: clients.ehr, payer: clients.payer }),
  clients,
  config: { ...DEFAULT_WORKFLOW_CONFIG, callbackBaseUrl: env.CALLBACK_BASE_URL, notificationBaseUrl: env.NOTIFICATION_BASE_URL },
  // the edge: on Lambda the injected clock is the real one (the workflow reads it only inside a step)
  now: () => Date.now(),
  callbackSecret: (callbackId) => deriveCallbackSecret(env.CALLBACK_SIGNING_KEY, callbackId),
  newIdempotencyKey: randomUUID,
});

/**
 * One structured line when an execution returns its outcome (only the invocation that finishes
 * reaches it): the template's MANUAL_REVIEW alarm counts these with a log metric filter. No
 * clinical content: the outcome and the execution's ARN only.
 */
export const handler = withDurableExecution(async (request: PriorAuthRequest, ctx: DurableContext) => {
  const result = await workflow(request, ctx);
  console.log(JSON.stringify({ event: 'prior-auth-outcome', outcome: result.outcome, execution: ctx.executionContext.durableExecutionArn }));
  return result;
});

/**
 * The same workflow deployed to AWS Lambda durable functions (see deploy/template.yaml).
 * This is an edge: configuration comes from the function's environment, validated once here,
 * and time is the real clock. Callback completion on Lambda goes through the Lambda API
 * (SendDurableExecutionCallbackSuccess), so CALLBACK_BASE_URL must point at a relay that
 * calls it — see the README's deployment section.
 */
import { randomUUID } from 'node:crypto';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { z } from 'zod';
import { createAgents } from './agents/agents.js';
import { createClients } from './clients/clients.js';
import { createPriorAuthWorkflow } from './workflow.js';
import { DEFAULT_WORKFLOW_CONFIG } from './workflow-types.js';

const EnvSchema = z.object({
  EHR_URL: z.url(),
  PAYER_URL: z.url(),
  REVIEW_URL: z.url(),
  CALLBACK_BASE_URL: z.url(),
  NOTIFICATION_BASE_URL: z.url(),
  HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});

const env = EnvSchema.parse(process.env);
const clients = createClients({ ehrUrl: env.EHR_URL, payerUrl: env.PAYER_URL, reviewUrl: env.REVIEW_URL, fetch: (input, init) => fetch(input, init), timeoutMs: env.HTTP_TIMEOUT_MS });

export const handler = withDurableExecution(createPriorAuthWorkflow({
  agents: createAgents({ ehr: clients.ehr, payer: clients.payer }),
  clients,
  config: { ...DEFAULT_WORKFLOW_CONFIG, callbackBaseUrl: env.CALLBACK_BASE_URL, notificationBaseUrl: env.NOTIFICATION_BASE_URL },
  // the edge: on Lambda the injected clock is the real one (the workflow reads it only inside a step)
  now: () => Date.now(),
  newIdempotencyKey: randomUUID,
}));

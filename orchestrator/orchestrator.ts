/**
 * The orchestrator service: the prior-auth workflow registered on the local durable runtime,
 * and one express app exposing the runtime's API (executions, callbacks), the payer
 * notification receiver and `POST /prior-auth` to start a request.
 *
 * @example
 * const runtime = createDurableRuntime({ db: 'data/runtime.sqlite', clock });
 * const orch = createOrchestrator({ runtime, simulatorUrl, publicUrl, now: () => clock.now() });
 * runtime.recover();
 * orch.app.listen(4020);
 */
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { z } from 'zod';
import { createAgents, type Agents } from './agents/agents.js';
import { createClients, type Clients } from './clients/clients.js';
import type { FetchLike } from './clients/http-client.js';
import { createNotificationReceiver, type NotificationOutcome } from './notification-receiver.js';
import { createRuntimeHttpApi, type DurableRuntime } from './runtime/index.js';
import { createPriorAuthWorkflow, type PlantedBug } from './workflow.js';
import { DEFAULT_WORKFLOW_CONFIG, type PriorAuthRequest, type WorkflowConfig } from './workflow-types.js';

export const PRIOR_AUTH_HANDLER = 'prior-auth';

export const PriorAuthRequestSchema = z.object({
  patientId: z.string().min(1).max(64),
  procedureCode: z.string().regex(/^[0-9A-Za-z]{1,16}$/, 'a CPT or RxNorm code'),
  /** Idempotent start: the same requestId returns the same execution. */
  requestId: z.string().min(1).max(128).optional(),
});

export interface OrchestratorOptions {
  readonly runtime: DurableRuntime;
  /** Base URL of the simulator (EHR, payer and review share it). */
  readonly simulatorUrl: string;
  /** Where this app is reachable by the review system and the payer. */
  readonly publicUrl: string;
  readonly now: () => number;
  readonly fetch?: FetchLike;
  readonly newIdempotencyKey?: () => string;
  readonly workflow?: Partial<Omit<WorkflowConfig, 'callbackBaseUrl' | 'notificationBaseUrl'>>;
  readonly afterSideEffect?: (operation: string) => void;
  readonly agentOverrides?: Partial<Agents>;
  /**
   * Observation only: wrap the agents and clients the workflow receives (the chaos harness
   * checks with them that no agent runs again after its step's checkpoint succeeded).
   */
  readonly instrument?: { readonly agents?: (agents: Agents) => Agents; readonly clients?: (clients: Clients) => Clients };
  readonly timeoutMs?: number;
  readonly onNotification?: (callbackId: string, outcome: NotificationOutcome) => void;
  /** Testing only (the chaos harness's proof that it catches bugs). */
  readonly plantedBug?: PlantedBug;
}

export function createOrchestrator(options: OrchestratorOptions) {
  const { runtime } = options;
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  // Each outbound request names its execution and invocation (`x-request-id: <id>#<n>`, which the
  // simulator's journal keeps), so a request can be placed on its execution's timeline.
  const fetchImpl: FetchLike = (input, init) => {
    const s = runtime.currentInvocation();
    if (!s) return baseFetch(input, init);
    const headers = new Headers(init.headers);
    if (!headers.has('x-request-id')) headers.set('x-request-id', `${s.executionId}#${s.invocation}`);
    return baseFetch(input, { ...init, headers });
  };
  const rawClients = createClients({ ehrUrl: options.simulatorUrl, payerUrl: options.simulatorUrl, reviewUrl: options.simulatorUrl, fetch: fetchImpl, timeoutMs: options.timeoutMs });
  const agents0 = createAgents({ ehr: rawClients.ehr, payer: rawClients.payer, overrides: options.agentOverrides });
  const agents = options.instrument?.agents?.(agents0) ?? agents0;
  const clients = options.instrument?.clients?.(rawClients) ?? rawClients;
  const config: WorkflowConfig = { ...DEFAULT_WORKFLOW_CONFIG, ...options.workflow, callbackBaseUrl: options.publicUrl, notificationBaseUrl: options.publicUrl };
  const workflow = createPriorAuthWorkflow({
    agents, clients, config, now: options.now,
    newIdempotencyKey: options.newIdempotencyKey ?? randomUUID,
    afterSideEffect: options.afterSideEffect,
    ...(options.plantedBug ? { plantedBug: options.plantedBug } : {}),
  });
  runtime.register(PRIOR_AUTH_HANDLER, withDurableExecution(workflow));

  const start = (request: PriorAuthRequest, requestId?: string) =>
    runtime.start({ handler: PRIOR_AUTH_HANDLER, input: request, ...(requestId ? { name: requestId } : {}) });

  const app: Express = express();
  app.disable('x-powered-by');
  app.post('/prior-auth', express.text({ type: () => true, limit: '16kb' }), (req, res) => {
    let body: unknown;
    try {
      body = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch (err) {
      res.status(400).type('application/problem+json').json({ type: 'about:blank', title: 'invalid request', status: 400, detail: `body is not JSON: ${(err as Error).message}` });
      return;
    }
    const parsed = PriorAuthRequestSchema.safeParse(body);
    if (!parsed.success) {
      res.status(400).type('application/problem+json').json({
        type: 'about:blank', title: 'invalid request', status: 400, detail: 'the prior-auth request is invalid',
        errors: parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })),
      });
      return;
    }
    const { requestId, ...request } = parsed.data;
    const { executionId, created } = start(request, requestId);
    res.status(created ? 201 : 200).json({ executionId });
  });
  app.use(createNotificationReceiver(runtime, options.onNotification));
  app.use(createRuntimeHttpApi(runtime));
  return { app, start, clients, config };
}

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
import { withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
import { createAgents, type Agents } from './agents/agents.js';
import { createClients, type Clients } from './clients/clients.js';
import type { FetchLike } from './clients/http-client.js';
import { createModelClient } from './clients/model-client.js';
import type { SmartClientConfig } from './clients/smart-token-source.js';
import { JWKS_PATH, type CdsHooksClientConfig } from './clients/cds-hooks-signer.js';
import { trimTrailingSlashes } from '../src/contracts/trim-trailing-slashes.js';
import { createNotificationReceiver, type NotificationOutcome } from './notification-receiver.js';
import { createCallbackAuth, newCallbackKey } from './callback-auth.js';
import { createRuntimeHttpApi, type DurableRuntime } from './runtime/index.js';
import { createPriorAuthWorkflow, type WorkflowDeps } from './workflow.js';
import { DEFAULT_WORKFLOW_CONFIG, EXECUTION_TIMEOUT_SECONDS, PriorAuthRequestSchema, type PriorAuthRequest, type WorkflowConfig } from './workflow-types.js';

export const PRIOR_AUTH_HANDLER = 'prior-auth';

export { PriorAuthRequestSchema };

export interface OrchestratorOptions {
  readonly runtime: DurableRuntime;
  /** Base URL of the simulator (EHR, payer and review share it). */
  readonly simulatorUrl: string;
  /** Where this app is reachable by the review system and the payer. */
  readonly publicUrl: string;
  readonly now: () => number;
  /**
   * The secret key callback secrets are derived from (callback-auth.ts). Keep it with the
   * runtime's database (`loadOrCreateCallbackKey`) so callbacks survive a restart; without
   * one, a fresh key lives as long as this process.
   */
  readonly callbackKey?: string;
  readonly fetch?: FetchLike;
  readonly newIdempotencyKey?: () => string;
  readonly workflow?: Partial<Omit<WorkflowConfig, 'callbackBaseUrl' | 'notificationBaseUrl'>>;
  readonly afterSideEffect?: (operation: string) => void;
  readonly agentOverrides?: Partial<Agents>;
  /**
   * The model the agents ask inside their steps (Bedrock Converse; default: the simulator's
   * model gateway at `simulatorUrl`, its default model). `false`: deterministic agents, no model.
   */
  readonly model?: false | { readonly url?: string; readonly modelId?: string; readonly timeoutMs?: number };
  /**
   * Observation only: wrap the agents and clients the workflow receives (the chaos harness
   * checks with them that no agent runs again after its step's checkpoint succeeded).
   */
  readonly instrument?: { readonly agents?: (agents: Agents) => Agents; readonly clients?: (clients: Clients) => Clients };
  readonly timeoutMs?: number;
  /** SMART Backend Services: the orchestrator's client id and key pair, registered at the payer and the EHR. */
  readonly smart?: SmartClientConfig;
  /**
   * CDS Hooks client JWTs on the CRD call (a payer running auth.cdsHooks: jwt): client id and key,
   * registered at the payer. `announceJwks`: name our JWK Set (`GET {publicUrl}/.well-known/jwks.json`)
   * as the JWTs' `jku`, for a payer that fetches keys rather than keeping them registered.
   */
  readonly cdsHooks?: CdsHooksClientConfig & { readonly announceJwks?: boolean };
  readonly onNotification?: (callbackId: string, outcome: NotificationOutcome) => void;
  /** Testing only: a variant of the workflow with a known bug (the chaos harness's proof that it catches bugs). */
  readonly variant?: WorkflowVariant;
}

/**
 * A variant of the workflow built around the production one, never inside it: its
 * dependencies rewritten (clients, agents, key factory, configuration) and the durable
 * context each invocation receives wrapped. The chaos harness plants its bugs this way.
 */
export interface WorkflowVariant {
  readonly deps?: (deps: WorkflowDeps) => WorkflowDeps;
  readonly context?: (ctx: DurableContext, deps: WorkflowDeps) => DurableContext;
}

export function createOrchestrator(options: OrchestratorOptions) {
  const { runtime } = options;
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  // Each outbound request names its execution and invocation (`x-request-id: <id>#<n>`, which the
  // simulator's journal keeps), so a request can be placed on its execution's timeline.
  const invocationName = () => {
    const s = runtime.currentInvocation();
    return s && `${s.executionId}#${s.invocation}`;
  };
  const fetchImpl: FetchLike = (input, init) => {
    const name = invocationName();
    if (!name) return baseFetch(input, init);
    const headers = new Headers(init.headers);
    if (!headers.has('x-request-id')) headers.set('x-request-id', name);
    return baseFetch(input, { ...init, headers });
  };
  const rawClients = createClients({ ehrUrl: options.simulatorUrl, payerUrl: options.simulatorUrl, reviewUrl: options.simulatorUrl, fetch: fetchImpl, timeoutMs: options.timeoutMs,
    ...(options.smart ? { smart: { ...options.smart, now: options.now } } : {}),
    ...(options.cdsHooks ? { cdsHooks: { ...options.cdsHooks, ...(options.cdsHooks.announceJwks ? { jku: `${trimTrailingSlashes(options.publicUrl)}${JWKS_PATH}` } : {}), now: options.now, scope: invocationName } } : {}),
  });
  const model = options.model === false ? undefined : createModelClient({
    baseUrl: options.model?.url ?? options.simulatorUrl, fetch: fetchImpl, timeoutMs: options.model?.timeoutMs ?? options.timeoutMs ?? 60_000,
    ...(options.model?.modelId ? { modelId: options.model.modelId } : {}),
  });
  const agents0 = createAgents({ ehr: rawClients.ehr, payer: rawClients.payer, ...(model ? { model } : {}), overrides: options.agentOverrides });
  const agents = options.instrument?.agents?.(agents0) ?? agents0;
  const clients = options.instrument?.clients?.(rawClients) ?? rawClients;
  const config: WorkflowConfig = { ...DEFAULT_WORKFLOW_CONFIG, ...options.workflow, callbackBaseUrl: options.publicUrl, notificationBaseUrl: options.publicUrl };
  const callbackAuth = createCallbackAuth(options.callbackKey ?? newCallbackKey());
  const base: WorkflowDeps = { agents, clients, config, now: options.now, callbackSecret: callbackAuth.secretFor, newIdempotencyKey: options.newIdempotencyKey ?? randomUUID, afterSideEffect: options.afterSideEffect };
  const deps = options.variant?.deps?.(base) ?? base;
  const workflow = createPriorAuthWorkflow(deps);
  const wrap = options.variant?.context;
  runtime.register(PRIOR_AUTH_HANDLER, withDurableExecution(wrap ? (request: PriorAuthRequest, ctx: DurableContext) => workflow(request, wrap(ctx, deps)) : workflow), { executionTimeoutSeconds: EXECUTION_TIMEOUT_SECONDS });

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
  // our public keys (never the private parts), for servers that fetch them: a CDS Hooks jku
  const publicKeys = [options.cdsHooks?.key, options.smart?.key].filter((k) => k !== undefined).filter((k, i, all) => all.findIndex((o) => o.kid === k.kid) === i);
  if (publicKeys.length) app.get(JWKS_PATH, (_req, res) => res.type('application/json').json({ keys: publicKeys.map((k) => k.publicJwk) }));
  app.use(createNotificationReceiver(runtime, callbackAuth.verify, options.onNotification));
  app.use(createRuntimeHttpApi(runtime, { verifyCallback: callbackAuth.verify }));
  // errors outside the runtime's router (a body over a route's limit, a broken stream): problem JSON, never express's HTML page
  app.use((err: { status?: number; message?: string }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) console.error('[orchestrator] unhandled error', err);
    res.status(status).type('application/problem+json').json({ type: 'about:blank', title: status === 500 ? 'internal error' : 'invalid request', status, detail: status === 500 ? 'see the server log' : `the request could not be read (HTTP ${status})`, instance: req.originalUrl });
  });
  /** Resolves when the model client is warmed up (see `ModelClient.ready`); harnesses await it before a run. */
  const ready = model?.ready ?? Promise.resolve();
  /**
   * Drop what this process holds in memory besides the runtime (SMART tokens and token fetches in
   * flight), as a restarted process starts with nothing: a harness that simulates a crash calls
   * it before recovering.
   */
  const forgetProcessState = () => rawClients.forgetProcessState();
  return { app, start, clients, config, ready, forgetProcessState };
}

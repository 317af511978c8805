/**
 * The payer system: Da Vinci PAS 2.0.1 `$submit`/`$inquire` and rest-hook Subscriptions under
 * `/payer/fhir`, CRD (CDS Hooks) under `/payer/cds-services`, DTR `$questionnaire-package` under
 * `/payer/fhir/Questionnaire`, coverage policies under `/payer/policies/{code}` (all four read the
 * same policies). One claim store, idempotency
 * store and subscription store per simulator generation; ids and authorization numbers come
 * from the `payer.claims` stream, subscription ids from `payer.subscriptions`.
 */
import type { SimulatorContext, SystemFactory } from '../core/engine.js';
import { fhirResponse, jsonResponse, notFound } from '../core/operation-outcome.js';
import { buildCapabilityStatement } from './capability-statement.js';
import { ClaimStore } from './claim-store.js';
import { buildResponseBundle } from './response-builder.js';
import { COVERAGE_POLICIES } from './coverage-policies.js';
import { IdempotencyStore, type ResponseSource } from './idempotency-store.js';
import { createInquireHandler } from './inquire-handler.js';
import { createSubmitHandler } from './submit-handler.js';
import { NotificationSender } from './subscriptions/notification-sender.js';
import { startSubscriptionNotifier } from './subscriptions/subscription-notifier.js';
import { createSubscriptionRoutes } from './subscriptions/subscription-routes.js';
import { SubscriptionStore } from './subscriptions/subscription-store.js';
import { startHeartbeat } from './subscriptions/subscription-heartbeat.js';
import { claimAdminRoutes } from './claim-admin-routes.js';
import { claimReadRoutes } from './claim-read-routes.js';
import { createCrdRoutes } from './crd/crd-routes.js';
import { createDtrRoutes } from './dtr/dtr-routes.js';
import { QuestionnaireRegistry } from './dtr/questionnaire-registry.js';
import { capabilitySecurity } from '../auth/smart-configuration.js';

/** The stores behind one payer instance (the subscription notifier listens on `claims.onDecision`). */
export interface PayerState {
  claims: ClaimStore;
  keys: IdempotencyStore;
  subscriptions: SubscriptionStore;
  questionnaires: QuestionnaireRegistry;
}

/** A stored $submit answer rendered again: the claim's response Bundle as it was at `version`, or nothing if it changed since. */
const renderFrom = (claims: ClaimStore, config: SimulatorContext['config']['payer']) => (source: ResponseSource): string | undefined => {
  const claim = claims.get(source.claimId);
  return claim && claim.version === source.version ? JSON.stringify(buildResponseBundle(claim, config, source.origin, source.at)) : undefined;
};

export function createPayerState(ctx: SimulatorContext): PayerState {
  const config = ctx.config.payer;
  const questionnaires = new QuestionnaireRegistry(config.dtr, ctx.clock, ctx.startedAt);
  const claims = new ClaimStore({ clock: ctx.clock, rng: ctx.rng.fork('payer.claims'), config, store: ctx.store, questionnaireVersion: () => questionnaires.version() });
  return {
    questionnaires,
    claims,
    keys: new IdempotencyStore(ctx.clock, config.idempotencyKeyTtlHours * 3_600_000, ctx.store, renderFrom(claims, config)),
    subscriptions: new SubscriptionStore(ctx.rng.fork('payer.subscriptions'), ctx.store),
  };
}

export const createPayer: SystemFactory = (ctx) => {
  const config = ctx.config.payer;
  const { claims, keys, subscriptions, questionnaires } = createPayerState(ctx);
  const sender = new NotificationSender(ctx, config.notifications);
  startSubscriptionNotifier({ ctx, config, claims, subscriptions, sender });
  if (ctx.restored) {
    claims.resumeTimers();
    for (const sub of subscriptions.all()) if (sub.status === 'active') startHeartbeat(ctx, sub, sender);
  }
  return {
    name: 'payer',
    routes: [
      { method: 'GET', path: '/payer/fhir/metadata', handler: (req) => fhirResponse(buildCapabilityStatement(config, req.origin, ctx.clock.now(), capabilitySecurity(ctx, req, 'payer'))) },
      { method: 'POST', path: '/payer/fhir/Claim/$submit', handler: createSubmitHandler({ ctx, config, claims, keys }) },
      { method: 'POST', path: '/payer/fhir/Claim/$inquire', handler: createInquireHandler({ ctx, config, claims }) },
      ...createSubscriptionRoutes({ ctx, config, subscriptions, sender }),
      ...claimReadRoutes(claims, config),
      ...createDtrRoutes(ctx, questionnaires),
      ...createCrdRoutes(ctx, config, questionnaires),
      ...claimAdminRoutes(claims),
      {
        method: 'GET',
        path: '/payer/policies/:code',
        errors: 'problem',
        handler: (req) => {
          const policy = COVERAGE_POLICIES.get(req.params.code!);
          if (!policy) throw notFound(`coverage policy for code "${req.params.code}" (policies exist for ${[...COVERAGE_POLICIES.keys()].join(', ')})`);
          return jsonResponse(policy);
        },
      },
    ],
  };
};

/**
 * The payer system: Da Vinci PAS 2.0.1 `$submit`/`$inquire` under `/payer/fhir`, coverage
 * policies under `/payer/policies/{code}`. One claim store and one idempotency store per
 * simulator generation; ids and authorization numbers come from the `payer.claims` stream.
 */
import type { SimulatorContext, SystemFactory } from '../core/engine.js';
import { fhirResponse, jsonResponse, notFound } from '../core/operation-outcome.js';
import { buildCapabilityStatement } from './capability-statement.js';
import { ClaimStore } from './claim-store.js';
import { COVERAGE_POLICIES } from './coverage-policies.js';
import { IdempotencyStore } from './idempotency-store.js';
import { createInquireHandler } from './inquire-handler.js';
import { createSubmitHandler } from './submit-handler.js';

/** The stores behind one payer instance, for later issues (subscriptions listen on `claims.onDecision`). */
export interface PayerState {
  claims: ClaimStore;
  keys: IdempotencyStore;
}

export function createPayerState(ctx: SimulatorContext): PayerState {
  const config = ctx.config.payer;
  return {
    claims: new ClaimStore({ clock: ctx.clock, rng: ctx.rng.fork('payer.claims'), config }),
    keys: new IdempotencyStore(ctx.clock, config.idempotencyKeyTtlHours * 3_600_000),
  };
}

export const createPayer: SystemFactory = (ctx) => {
  const config = ctx.config.payer;
  const { claims, keys } = createPayerState(ctx);
  return {
    name: 'payer',
    routes: [
      { method: 'GET', path: '/payer/fhir/metadata', handler: (req) => fhirResponse(buildCapabilityStatement(config, req.origin, ctx.clock.now())) },
      { method: 'POST', path: '/payer/fhir/Claim/$submit', handler: createSubmitHandler({ ctx, config, claims, keys }) },
      { method: 'POST', path: '/payer/fhir/Claim/$inquire', handler: createInquireHandler({ ctx, config, claims }) },
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

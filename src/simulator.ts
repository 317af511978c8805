/**
 * `createSimulator(options)`: the engine of src/core with the EHR, payer, review, model gateway
 * and admin systems plugged in. Lives beside the adapters rather than in core because core must not
 * import the systems built on it (the module arrows of docs/architecture.md).
 *
 * @example
 * const sim = createSimulator({ config: { seed: 7 } });
 * const res = await sim.handle(new Request('http://sim/ehr/fhir/Patient'));
 */
import { createEngine, type Engine, type EngineOptions } from './core/engine.js';
import { createEhr } from './ehr/ehr.js';
import { createPayer } from './payer/payer.js';
import { createReview } from './review/review.js';
import { createAdmin } from './admin/admin.js';
import { createModelGateway } from './model/model-gateway.js';
import { createAuth } from './auth/auth-routes.js';
import { withSmartAuth } from './auth/smart-guard.js';

export type Simulator = Engine;
export type SimulatorOptions = Omit<EngineOptions, 'systems'>;

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return createEngine({ ...options, systems: [createAuth, withSmartAuth('ehr', createEhr), withSmartAuth('payer', createPayer), createReview, createModelGateway, createAdmin] });
}

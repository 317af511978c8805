/** The simulator configuration a scenario implies (its clock, `scenario.clock`, is chosen by whoever builds the engine). */
import type { SimulatorConfigInput } from '../../contracts/config.js';
import type { Scenario } from '../../contracts/scenario.js';

export function scenarioConfig(s: Scenario, overrides: Partial<SimulatorConfigInput> = {}): SimulatorConfigInput {
  return { seed: s.seed, ehr: s.ehr, payer: s.payer, review: s.review, model: s.model, faults: s.faults, auth: s.auth, ...overrides };
}

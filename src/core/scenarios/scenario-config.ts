/** The simulator configuration a scenario implies (its clock is chosen by whoever builds the engine). */
import type { SimulatorConfigInput } from '../../contracts/config.js';
import type { Scenario } from '../../contracts/scenario.js';
import { DilatedClock, VirtualClock, type Clock } from '../clock.js';

export function scenarioConfig(s: Scenario, overrides: Partial<SimulatorConfigInput> = {}): SimulatorConfigInput {
  return { seed: s.seed, ehr: s.ehr, payer: s.payer, review: s.review, faults: s.faults, auth: s.auth, ...overrides };
}

export function scenarioClock(s: Scenario): Clock {
  switch (s.clock.kind) {
    case 'virtual':
      return new VirtualClock();
    case 'real':
      return new DilatedClock(1);
    case 'dilated':
      return new DilatedClock(s.clock.factor);
  }
}

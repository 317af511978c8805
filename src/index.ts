/**
 * `prior-auth-sim`: the package's main entry. The simulator and everything a team needs to test
 * its own prior-auth client against it — the clock, scenario and fault-rule types with their zod
 * schemas, the synthetic personas, a PAS request-bundle builder, an idempotency-aware test client
 * and the contract suite. Loads no native module and no AWS SDK; the msw handlers are in
 * `prior-auth-sim/msw`, the orchestrator and its runtime in `prior-auth-sim/orchestrator`.
 *
 * @example
 * import { createSimulator, createTestClient, pasBundle, meetsCriteria } from 'prior-auth-sim';
 * const sim = createSimulator({ config: { seed: 7 } });
 * const client = createTestClient({ baseUrl: 'http://sim.test', fetch: sim.handle });
 * const { reviewActions } = await client.submit(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }));
 */

// the simulator
export { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export type { SimulatorControl, SimulatorContext } from './core/engine.js';
export type { FaultEngine } from './core/faults/fault-engine.js';
export type { Ledger } from './core/ledger.js';
export type { RequestJournal } from './core/journal.js';
export { OperationOutcomeError } from './core/operation-outcome.js';
export { SimulatorConfigSchema, SeedSchema, type SimulatorConfig, type SimulatorConfigInput } from './contracts/config.js';

// clocks
export { VirtualClock, DilatedClock, DEFAULT_EPOCH, type Clock, type TimerHandle } from './core/clock.js';

// scenarios
export {
  ScenarioSchema, ScenarioClockSchema, ScenarioRequestSchema, ScenarioExpectationSchema, OrchestratorOutcomeSchema,
  type Scenario, type ScenarioInput, type ScenarioClock, type OrchestratorOutcome,
} from './contracts/scenario.js';
export { parseScenario, loadScenarioFile, ScenarioError } from './core/scenarios/scenario-loader.js';
export { loadBundledScenarios, resolveScenario, bundledScenarioFiles } from './core/scenarios/bundled-scenarios.js';
export { scenarioConfig } from './core/scenarios/scenario-config.js';

// faults
export {
  FaultRuleSchema, FaultSchema, FaultMatchSchema, FaultScheduleSchema, FaultSystemSchema, FaultKindSchema, LatencyDistributionSchema, ArmedFaultSchema,
  type FaultRule, type FaultRuleInput, type Fault, type FaultKind, type FaultSchedule, type LatencyDistribution, type ArmedFault,
} from './contracts/faults.js';

// personas and clinical codes
export { PERSONAS, PERSONA_TAG_SYSTEM, type Persona, type PersonaId, type PersonaExpectation } from './contracts/personas.js';
export { ProcedureCodes, type ProcedureKey } from './contracts/clinical-codes.js';

// PAS request bundles and responses
export { pasBundle, meetsCriteria, ev as evidence, type PasBundleOptions, type PasFixtureBundle } from './payer/testing/pas-fixtures.js';
export {
  PasRequestBundleSchema, PasResponseBundleSchema, PasInquiryBundleSchema, ReviewActionCodeSchema, readReviewAction,
  type PasRequestBundle, type PasResponseBundle, type PasInquiryBundle, type ReviewActionCode,
} from './contracts/pas.js';
export { OperationOutcomeSchema, ProblemSchema, type Problem } from './contracts/fhir-base.js';

// the test client and the contract suite
export { createTestClient, inquiryBundleFor, type TestClient, type TestClientOptions, type TestClientAuth, type SubmitResult, type RequestHandler } from './testkit/test-client.js';
export { runContractSuite, formatConformanceTable, CONTRACT_CHECKS, type ContractCheck, type ContractResult, type ContractSuiteOptions } from './testkit/contract/run-contract-suite.js';
export { httpTarget, handlerTarget, type ContractTarget } from './testkit/contract/contract-target.js';

// the API description
export { openApiDocument } from './contracts/endpoints.js';

/**
 * `prior-auth-sim/orchestrator`: the durable prior-auth orchestrator, its local runtime, and the
 * harness that runs them against the simulator — scenario runs, chaos exploration, the
 * invariant checks. Needs the optional peer dependencies `@aws/durable-execution-sdk-js`
 * (2.4.0, exactly) and `better-sqlite3` (12.x); the main entry and `prior-auth-sim/msw` do not.
 *
 * @example
 * import { runScenario } from 'prior-auth-sim/orchestrator';
 * import { resolveScenario } from 'prior-auth-sim';
 * const report = await runScenario(resolveScenario('happy-path-webhooks'));
 * report.outcome; // 'APPROVED'
 */

// the orchestrator service and its workflow
export { createOrchestrator, PRIOR_AUTH_HANDLER, PriorAuthRequestSchema, type OrchestratorOptions } from '../orchestrator/orchestrator.js';
export { createPriorAuthWorkflow, type WorkflowDeps } from '../orchestrator/workflow.js';
export { DEFAULT_WORKFLOW_CONFIG, type PriorAuthRequest, type PriorAuthResult, type WorkflowConfig, type PollingConfig } from '../orchestrator/workflow-types.js';
export { createAgents, type Agents, type AgentDependencies } from '../orchestrator/agents/agents.js';
export { createClients, type Clients, type ClientsConfig } from '../orchestrator/clients/clients.js';

// the local durable runtime (knows nothing of prior authorization)
export * from '../orchestrator/runtime/index.js';

// the harness: scenario runs, chaos, invariants
export { runScenario, type ScenarioRunReport } from './harness/scenario-run.js';
export { exploreChaos, chaosSummary, PLANTED_BUGS, type ChaosExploration } from './harness/chaos-exploration.js';
export { checkInvariants, type RunEvidence, type Violation } from './harness/invariants.js';
export type { ChaosRunResult } from './harness/chaos.js';

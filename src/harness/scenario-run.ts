/**
 * `prior-auth-sim run <scenario>`: the bundled orchestrator on the runtime against the
 * simulator configured by the scenario, on one virtual clock, then a readable timeline,
 * the outcome beside the expected one, and the invariant checks.
 */
import type { Scenario } from '../contracts/scenario.js';
import { scenarioConfig } from '../core/scenarios/scenario-config.js';
import { DEFAULT_WORKFLOW_CONFIG } from '../../orchestrator/workflow-types.js';
import { startE2eEnvironment } from './e2e-environment.js';
import { checkInvariants, type Violation } from './invariants.js';

export interface ScenarioRunReport {
  scenario: Scenario;
  status: string;
  outcome?: string;
  reason?: string;
  authorizationNumber?: string;
  simulatedHours: number;
  wallMs: number;
  timeline: string[];
  violations: Violation[];
}

export async function runScenario(scenario: Scenario): Promise<ScenarioRunReport> {
  const env = await startE2eEnvironment(scenarioConfig(scenario));
  try {
    const t0 = env.clock.now();
    const wall = performance.now();
    const run = await env.run(scenario.request);
    const wallMs = performance.now() - wall;
    const journal = env.sim.journal.query();
    const view = env.runtime.getExecution(run.executionId);
    const at = (iso: string) => `+${((Date.parse(iso) - t0) / 3_600_000).toFixed(2).padStart(7)} h`;
    const events = [
      ...journal.map((e) => ({ t: e.at, line: `${at(e.at)}  ${e.system.padEnd(6)} ${e.method.padEnd(4)} ${e.url.split('?')[0]} → ${e.outcome === 'responded' ? e.status : e.outcome}${e.faults.length ? `  [fault: ${e.faults.map((f) => f.kind).join(', ')}]` : ''}` })),
      ...view.operations.filter((o) => o.name && !o.parentId).map((o) => ({ t: o.startedAt, line: `${at(o.startedAt)}  stage  ${o.name} (${o.type.toLowerCase()}) ${o.status.toLowerCase()}` })),
    ].sort((a, b) => a.t.localeCompare(b.t));
    const violations = checkInvariants({
      scenario, status: run.status, outcome: run.result?.outcome, reason: run.result?.reason,
      ledger: env.sim.ledger.totals(), journal, polling: DEFAULT_WORKFLOW_CONFIG.polling,
    });
    return {
      scenario, status: run.status, outcome: run.result?.outcome, reason: run.result?.reason, authorizationNumber: run.result?.authorizationNumber,
      simulatedHours: (env.clock.now() - t0) / 3_600_000, wallMs, timeline: events.map((e) => e.line), violations,
    };
  } finally {
    await env.close();
  }
}

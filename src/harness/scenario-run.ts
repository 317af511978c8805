/**
 * `prior-auth-sim run <scenario>`: the bundled orchestrator on the runtime against the
 * simulator configured by the scenario, on one virtual clock, then a readable timeline,
 * the outcome beside the expected one, and the invariant checks.
 */
import type { Scenario } from '../contracts/scenario.js';
import { scenarioConfig } from '../core/scenarios/scenario-config.js';
import { startE2eEnvironment } from './e2e-environment.js';
import { checkInvariants, type Violation } from './invariants.js';
import { collectEvidence } from './evidence.js';
import { buildTimeline, timelineLines } from './timeline.js';
import type { TimelineEvent } from './chaos-report.js';

export interface ScenarioRunReport {
  scenario: Scenario;
  status: string;
  outcome?: string;
  reason?: string;
  authorizationNumber?: string;
  simulatedHours: number;
  wallMs: number;
  timeline: string[];
  /** The same timeline as events, for the swimlane picture (`run --report`). */
  events: TimelineEvent[];
  violations: Violation[];
}

export async function runScenario(scenario: Scenario): Promise<ScenarioRunReport> {
  const env = await startE2eEnvironment(scenarioConfig(scenario), { transport: 'in-process' });
  try {
    const t0 = env.clock.now();
    const wall = performance.now();
    const run = await env.run(scenario.request);
    const wallMs = performance.now() - wall;
    const evidence = await collectEvidence(env, scenario, run);
    const violations = checkInvariants(evidence);
    const events = buildTimeline(evidence.journal, evidence.history ?? [], env.historyMarks);
    const timeline = timelineLines(events, t0);
    return {
      scenario, status: run.status, outcome: run.result?.outcome, reason: run.result?.reason, authorizationNumber: run.result?.authorizationNumber,
      simulatedHours: (env.clock.now() - t0) / 3_600_000, wallMs, timeline, events, violations,
    };
  } finally {
    await env.close();
  }
}

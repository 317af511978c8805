/**
 * Every bundled scenario, run end to end: the orchestrator on our runtime against the
 * simulator configured by the scenario, over HTTP on one virtual clock. The outcome, the
 * reason and the payer's claim count must be what the scenario declares.
 */
import { loadBundledScenarios } from '../../src/core/scenarios/bundled-scenarios.js';
import { scenarioConfig } from '../../src/core/scenarios/scenario-config.js';
import { startE2eEnvironment } from '../../src/harness/e2e-environment.js';

describe.each(loadBundledScenarios().map((s) => [s.name, s] as const))('scenario %s', (_name, scenario) => {
  it(`ends ${scenario.expected.outcome} as declared`, async () => {
    const env = await startE2eEnvironment(scenarioConfig(scenario));
    try {
      const run = await env.run(scenario.request);
      expect(run.status).toBe('SUCCEEDED');
      expect(run.result?.outcome).toBe(scenario.expected.outcome);
      if (scenario.expected.reasonContains) expect(run.result?.reason).toContain(scenario.expected.reasonContains);
      if (scenario.expected.claims !== undefined) expect(env.sim.ledger.totals().claims).toBe(scenario.expected.claims);
      for (const rule of scenario.faults) {
        const armed = env.sim.faults.list().find((r) => r.id === rule.id);
        expect(armed?.fired).toBeGreaterThan(0);
      }
    } finally {
      await env.close();
    }
  });
});

/**
 * /__admin/scenario: switch the running simulator to a bundled scenario (by name) or to a
 * scenario given inline, keeping the current clock. The switch is a reset: state is rebuilt
 * from the scenario's seed.
 */
import type { SimulatorContext } from '../core/engine.js';
import type { Route } from '../core/router.js';
import { badRequest, jsonResponse } from '../core/operation-outcome.js';
import type { Scenario } from '../contracts/scenario.js';
import { LoadScenarioSchema } from '../contracts/admin.js';
import { resolveScenario } from '../core/scenarios/bundled-scenarios.js';
import { ScenarioError } from '../core/scenarios/scenario-loader.js';
import { scenarioConfig } from '../core/scenarios/scenario-config.js';

export function scenarioAdminRoutes(ctx: SimulatorContext): Route[] {
  const current = ctx.control.loaded;
  return [
    {
      method: 'POST',
      path: '/__admin/scenario',
      handler: async (req) => {
        const body = await req.json(LoadScenarioSchema);
        let scenario: Scenario;
        if ('scenario' in body) scenario = body.scenario;
        else {
          try {
            scenario = resolveScenario(body.name);
          } catch (err) {
            if (err instanceof ScenarioError) throw badRequest(err.problems.join('; '), 'body.name');
            throw err;
          }
        }
        current.scenario = scenario;
        ctx.control.reset(scenarioConfig(scenario));
        return jsonResponse({ loaded: scenario.name, description: scenario.description, seed: scenario.seed });
      },
    },
    {
      method: 'GET',
      path: '/__admin/scenario',
      handler: () => jsonResponse(current.scenario ? { name: current.scenario.name, description: current.scenario.description, seed: current.scenario.seed, expected: current.scenario.expected } : { name: null }),
    },
  ];
}

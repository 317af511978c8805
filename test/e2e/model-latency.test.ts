/**
 * Model calls take their latency of simulated time in a whole run: the harness parks each call on
 * the virtual clock it shares with the runtime, and the runtime moves the clock past parked
 * invocations (no deadlock, over HTTP and in process). A model timeout answers when the profile's
 * timeout has passed.
 */
import { loadBundledScenarios } from '../../src/core/scenarios/bundled-scenarios.js';
import { scenarioConfig } from '../../src/core/scenarios/scenario-config.js';
import { startE2eEnvironment } from '../../src/harness/e2e-environment.js';
import type { ModelLedger } from '../../src/contracts/model-ledger.js';
import { DEFAULT_MODEL_PROFILES } from '../../src/contracts/model-config.js';
import { DEFAULT_MODEL_ID } from '../../orchestrator/clients/model-client.js';

const happy = loadBundledScenarios().find((s) => s.name === 'happy-path-polling')!;

async function modelCalls(env: Awaited<ReturnType<typeof startE2eEnvironment>>) {
  const ledger = (await (await env.sim.handle(new Request('http://sim/__admin/model/ledger'))).json()) as ModelLedger;
  const journal = env.sim.journal.query().filter((e) => e.system === 'model' && e.handled);
  return { ledger, journal };
}

describe('model latency in a whole run', () => {
  it.each(['in-process', 'http'] as const)('each model call lasts its latency on the shared clock (%s)', async (transport) => {
    const env = await startE2eEnvironment(scenarioConfig(happy), { transport });
    try {
      const run = await env.run(happy.request);
      expect([run.status, run.result?.outcome]).toEqual(['SUCCEEDED', happy.expected.outcome]);
      const { ledger, journal } = await modelCalls(env);
      expect(ledger.calls.length).toBeGreaterThanOrEqual(4);
      expect(journal).toHaveLength(ledger.calls.length);
      for (const [i, call] of ledger.calls.entries()) {
        expect(call.latencyMs).toBeGreaterThan(700);
        expect([journal[i]!.at, journal[i]!.durationMs]).toEqual([call.at, call.latencyMs]);
      }
    } finally {
      await env.close();
    }
  });

  it("a model slower than its timeout answers ModelTimeoutException when the profile's timeout has passed", async () => {
    const slow = { ...DEFAULT_MODEL_PROFILES[DEFAULT_MODEL_ID]!, timeToFirstTokenMs: 30_000, timeoutMs: 20_000 };
    const config = scenarioConfig(happy);
    const env = await startE2eEnvironment({ ...config, model: { ...config.model, profiles: { [DEFAULT_MODEL_ID]: slow } } }, { transport: 'in-process' });
    try {
      await env.run(happy.request, { horizonMs: 6 * 3_600_000 });
      const { ledger, journal } = await modelCalls(env);
      expect(ledger.calls.length).toBeGreaterThan(0);
      for (const [i, call] of ledger.calls.entries()) {
        expect([call.outcome, call.fault, call.latencyMs]).toEqual(['faulted', 'ModelTimeoutException', 20_000]);
        expect([journal[i]!.status, journal[i]!.durationMs]).toEqual([408, 20_000]);
      }
    } finally {
      await env.close();
    }
  });
});

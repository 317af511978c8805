/**
 * One whole system on 127.0.0.1 for end-to-end tests and benchmarks: the simulator (express) and the
 * orchestrator (runtime on in-memory SQLite + its HTTP API) sharing one virtual clock.
 * `run(request)` starts an execution and drives everything until it is idle.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSimulator, type Simulator } from '../simulator.js';
import { createExpressApp } from '../adapters/express.js';
import { VirtualClock } from '../core/clock.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import { createDurableRuntime, sequentialIds, type CrashPoints, type DurableRuntime } from '../../orchestrator/runtime/index.js';
import { createOrchestrator, type OrchestratorOptions } from '../../orchestrator/orchestrator.js';
import type { PriorAuthRequest, PriorAuthResult } from '../../orchestrator/workflow-types.js';

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The simulator's base URL for an in-process transport: never resolved, only parsed. */
const IN_PROCESS_URL = 'http://simulator.in-process';

export interface E2eEnvironment {
  sim: Simulator;
  clock: VirtualClock;
  runtime: DurableRuntime;
  simulatorUrl: string;
  orchestratorUrl: string;
  /** What the notification receiver did with each payer notification, in order. */
  notifications: string[];
  /** Start, then drive until idle; after a simulated crash, recover (as a restarted process would) and go on. */
  run(request: PriorAuthRequest): Promise<{ executionId: string; status: string; result?: PriorAuthResult; crashes: number }>;
  close(): Promise<void>;
}

export async function startE2eEnvironment(
  config: SimulatorConfigInput = {},
  options: Partial<Omit<OrchestratorOptions, 'runtime' | 'simulatorUrl' | 'publicUrl' | 'now'>> & {
    db?: string;
    crashPoints?: CrashPoints;
    /**
     * 'http' (default): the orchestrator calls the simulator over loopback HTTP. 'in-process':
     * through `sim.handle` (same faults, no sockets; several times faster, for chaos runs).
     * The simulator's own deliveries (review decisions, notifications) always use HTTP.
     */
    transport?: 'http' | 'in-process';
  } = {},
): Promise<E2eEnvironment> {
  const clock = new VirtualClock();
  const sim = createSimulator({ config: { seed: 1, ...config }, clock });
  const simServer = await listen(createExpressApp(sim));
  const outer = express();
  const orchServer = await listen(outer);
  const { db, crashPoints, transport = 'http', ...orchestratorOptions } = options;
  const inProcess = transport === 'in-process';
  const runtime = createDurableRuntime({ db: db ?? ':memory:', clock, ids: sequentialIds(), crashPoints });
  let keys = 0;
  const notifications: string[] = [];
  const orch = createOrchestrator({
    runtime, simulatorUrl: inProcess ? IN_PROCESS_URL : simServer.url, publicUrl: orchServer.url, now: () => clock.now(),
    newIdempotencyKey: () => `key-${++keys}`, timeoutMs: 5000, onNotification: (_id, outcome) => notifications.push(outcome),
    afterSideEffect: (operation) => runtime.crashHook('after-side-effect', operation),
    ...(inProcess ? { fetch: (input: string, init: RequestInit) => sim.handle(new Request(input, init)) } : {}),
    ...orchestratorOptions,
  });
  outer.use(orch.app);
  runtime.recover();
  return {
    sim, clock, runtime, simulatorUrl: simServer.url, orchestratorUrl: orchServer.url, notifications,
    async run(request) {
      const { executionId } = orch.start(request);
      let crashes = 0;
      for (;;) {
        const idle = await runtime.runUntilIdle({ maxSteps: 10_000 });
        if (!idle.crashed) break;
        crashes += 1;
        if (crashes > 20) throw new Error('more than 20 simulated crashes in one run');
        runtime.recover();
      }
      const view = runtime.getExecution(executionId);
      return { executionId, status: view.status, result: view.result as PriorAuthResult | undefined, crashes };
    },
    async close() {
      runtime.close();
      for (const { server } of [simServer, orchServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

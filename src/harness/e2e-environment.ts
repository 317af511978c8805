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
import { createDurableRuntime, sequentialIds, SimulatedCrash, type CrashPoints, type DurableRuntime } from '../../orchestrator/runtime/index.js';
import type { FetchLike } from '../../orchestrator/clients/http-client.js';
import { createOrchestrator, type OrchestratorOptions } from '../../orchestrator/orchestrator.js';
import type { PriorAuthRequest, PriorAuthResult } from '../../orchestrator/workflow-types.js';
import type { ReplayOutcome } from '../../orchestrator/runtime/index.js';
import { createStepProbe, type StepProbe } from './step-probe.js';
import { isRuntimeBug, plantedBugVariant, type PlantedBug } from './planted-bugs.js';
import { registerOrchestratorClient } from './smart-client.js';
import { createClockParking } from './clock-parking.js';
import { inProcess as inProcessResponse } from '../core/faults/transport-directive.js';
import { bufferedRequest, headerRecord } from '../core/held-body.js';

const utf8 = new TextEncoder();


async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * A simulated crash abandons an invocation, but its code runs on in this process (the runtime
 * only fences its checkpoints). A Lambda that died sends nothing more: its requests are refused
 * before they reach the simulator, so no model call or side effect of a dead invocation lands
 * after the one that replaced it (invariants 2 and 9). Its process state goes too: the harness
 * has the orchestrator forget its SMART tokens and token fetches before recovering.
 */
function sendUnlessCrashed(runtime: DurableRuntime, send: FetchLike): FetchLike {
  return async (input, init) => {
    if (runtime.currentInvocation()?.crashed) {
      throw new SimulatedCrash(undefined, `a crashed invocation sends nothing (${init.method ?? 'GET'} ${input})`);
    }
    return send(input, init);
  };
}

/** The simulator's base URL for an in-process transport: never resolved, only parsed. */
export const IN_PROCESS_URL = 'http://simulator.in-process';

/** The orchestrator's callback key in test environments (tests sign forged-vs-genuine completions with it). */
export const E2E_CALLBACK_KEY = 'e2e-callback-key-not-a-secret-0123456789';

/** Every bundled scenario ends well within this much simulated time (7-day review + 8-day notification wait + polling). */
export const RUN_HORIZON_MS = 30 * 24 * 3_600_000;

export interface RunLimits {
  horizonMs?: number;
  stopWhen?: () => boolean;
}

export interface E2eEnvironment {
  sim: Simulator;
  clock: VirtualClock;
  runtime: DurableRuntime;
  /** The simulator's HTTP address (with the in-process transport, a placeholder no socket answers). */
  simulatorUrl: string;
  orchestratorUrl: string;
  /** What the notification receiver did with each payer notification, in order. */
  notifications: string[];
  /**
   * For each journal entry of an orchestrator request (in-process transport only), the
   * runtime's newest history `seq` when it was answered: places requests between history
   * events that share a virtual instant.
   */
  historyMarks: ReadonlyMap<number, number>;
  /**
   * The same, when the request was sent: a model call takes its latency of simulated time, and a
   * crashed invocation's call, sent before the crash, may be answered after the re-run step
   * succeeded — placed by when it was sent, it is the crashed step's own call (invariant 9).
   */
  sentMarks: ReadonlyMap<number, number>;
  /** Agent and side-effect calls made after their operation had checkpointed success (invariant 2). */
  probe: StepProbe;
  /**
   * Replays a finished execution over its history (invariant 8), optionally with the
   * workflow's clock read `laterMs` ahead, as if the replay happened later.
   */
  replay(executionId: string, laterMs?: number): Promise<ReplayOutcome>;
  /**
   * Start, then drive until idle; after a simulated crash, recover (as a restarted process
   * would) and go on. Stops early, the execution left as it is, after `horizonMs` of
   * simulated time (default 30 days: invariant 4's bound) or when `stopWhen` (asked every
   * simulated hour) says the run has run away.
   */
  run(request: PriorAuthRequest, limits?: RunLimits): Promise<{ executionId: string; status: string; result?: PriorAuthResult; crashes: number }>;
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
    /** Testing only: a known bug, planted in the runtime or as a variant of the workflow (planted-bugs.ts). */
    plantedBug?: PlantedBug;
  } = {},
): Promise<E2eEnvironment> {
  const clock = new VirtualClock();
  const sim = createSimulator({ config: { seed: 1, ...config }, clock });
  const { db, crashPoints, transport = 'http', plantedBug, ...orchestratorOptions } = options;
  const inProcess = transport === 'in-process';
  // model calls answer after their latency on the shared clock; the runtime moves it past them
  const parking = createClockParking(clock);
  // in process, nothing calls the simulator over HTTP: no server for it
  const simServer = inProcess ? undefined : await listen(createExpressApp(sim, { clockWait: parking.wait }));
  const outer = express();
  const orchServer = await listen(outer);
  const runtime = createDurableRuntime({
    db: db ?? ':memory:', clock, ids: sequentialIds(), crashPoints, parked: parking,
    ...(plantedBug && isRuntimeBug(plantedBug) ? { plantedBug } : {}),
  });
  let keys = 0;
  let skewMs = 0;
  const historyMarks = new Map<number, number>();
  const sentMarks = new Map<number, number>();
  const notifications: string[] = [];
  const probe = createStepProbe(runtime);
  // auth: smart or cdsHooks: jwt — the orchestrator authenticates with its own key, registered like any client would be
  const { mode, cdsHooks: cdsAuth } = sim.config.auth;
  const client = (mode === 'smart' && !orchestratorOptions.smart) || (cdsAuth === 'jwt' && !orchestratorOptions.cdsHooks) ? await registerOrchestratorClient(sim, IN_PROCESS_URL) : undefined;
  const smart = mode === 'smart' ? client : undefined;
  const cdsHooks = cdsAuth === 'jwt' && client ? { clientId: client.clientId, key: client.key } : undefined;
  const orch = createOrchestrator({
    runtime, simulatorUrl: simServer?.url ?? IN_PROCESS_URL, publicUrl: orchServer.url, now: () => clock.now() + skewMs,
    // fixed, so runs stay reproducible from their seed; a real deployment keeps a generated one
    callbackKey: E2E_CALLBACK_KEY,
    instrument: probe.instrument,
    newIdempotencyKey: () => `key-${++keys}`, timeoutMs: 5000, onNotification: (_id, outcome) => notifications.push(outcome),
    afterSideEffect: (operation) => runtime.crashHook('after-side-effect', operation),
    fetch: sendUnlessCrashed(runtime, inProcess ? async (input: string, { signal: _timeout, ...init }: RequestInit) => {
      const sent = runtime.historySeq();
      try {
        // in process nothing reads the client's timeout signal (a hang fault rejects at once), and a
        // Request following it stays in memory until it fires: seconds of every chaos request's body
        // a text body is held beside the Request (held-body.ts), not pushed through a web stream and read back
        const request = typeof init.body === 'string' ? bufferedRequest(input, init.method ?? 'GET', headerRecord(init.headers), utf8.encode(init.body)) : new Request(input, init);
        const { response, directive } = await sim.dispatch(request, { clockWait: parking.wait });
        return await inProcessResponse(response, directive);
      } finally {
        historyMarks.set(sim.journal.lastSeq, runtime.historySeq());
        sentMarks.set(sim.journal.lastSeq, sent);
      }
    } : (input, init) => fetch(input, init)),
    ...(plantedBug && plantedBugVariant(plantedBug) ? { variant: plantedBugVariant(plantedBug) } : {}),
    ...(smart ? { smart } : {}),
    ...(cdsHooks ? { cdsHooks } : {}),
    ...orchestratorOptions,
  });
  outer.use(orch.app);
  // the model client's one-time lazy I/O happens now, not inside a run (where it would race checkpoint batching)
  await orch.ready;
  runtime.recover();
  return {
    sim, clock, runtime, simulatorUrl: simServer?.url ?? IN_PROCESS_URL, orchestratorUrl: orchServer.url, notifications, probe, historyMarks, sentMarks,
    async replay(executionId, laterMs = 0) {
      skewMs = laterMs;
      try {
        return await runtime.replay(executionId);
      } finally {
        skewMs = 0;
      }
    },
    async run(request, { horizonMs = RUN_HORIZON_MS, stopWhen = () => false } = {}) {
      const { executionId } = orch.start(request);
      const horizon = clock.now() + horizonMs;
      let crashes = 0;
      for (;;) {
        const chunkEnd = Math.min(horizon, clock.now() + 3_600_000);
        const idle = await runtime.runUntilIdle({ maxSteps: 10_000, until: chunkEnd });
        if (!idle.crashed) {
          // idle until chunkEnd: stop if done, out of time, runaway, or nothing will ever happen again
          const next = clock.nextTimerAt();
          if (idle.running === 0 || clock.now() >= horizon || stopWhen() || next === undefined) break;
          if (next > chunkEnd) await clock.advanceTo(chunkEnd);
          continue;
        }
        crashes += 1;
        if (crashes > 20) throw new Error('more than 20 simulated crashes in one run');
        // a restarted process holds nothing in memory: no token, no token fetch of the dead one to wait on
        orch.forgetProcessState();
        runtime.recover();
      }
      const view = runtime.getExecution(executionId);
      return { executionId, status: view.status, result: view.result as PriorAuthResult | undefined, crashes };
    },
    async close() {
      runtime.close();
      for (const { server } of simServer ? [simServer, orchServer] : [orchServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

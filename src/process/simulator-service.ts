/**
 * The simulator as a process (`prior-auth-sim serve`): the engine behind the express adapter,
 * in memory, or with `--data DIR` on a SQLite store that a restart resumes (configuration,
 * scenario, state and the clock's last committed instant). The clock position is also committed
 * every `tickMs` while the process is idle, so a restart never resumes far behind what a client
 * last saw.
 */
import express from 'express';
import { closeServer, listen } from '../adapters/listen.js';
import { consoleOwns, createConsoleRouter } from '../console/console-router.js';
import { createSimulatorServer } from '../adapters/express.js';
import type { ClockAnchor } from '../contracts/clock-anchor.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import type { Scenario } from '../contracts/scenario.js';
import { followingClock, resumeClock, type ClockSpec } from '../core/clock-resume.js';
import { followTimeLine } from './follow-time-line.js';
import { AdjustableClock } from '../core/adjustable-clock.js';
import type { StateStore } from '../core/store/state-store.js';
import { createSimulator, type Simulator } from '../simulator.js';

export interface SimulatorServiceOptions {
  host: string;
  port: number;
  /** Data directory; without it, state lives in memory only. */
  data?: string;
  /** Forget the data directory's state and start afresh. */
  reset?: boolean;
  clock: ClockSpec;
  anchor?: ClockAnchor;
  config: SimulatorConfigInput;
  scenario?: Scenario;
  tickMs?: number;
  /** The supervisor's pipe (npm start): with `anchor` and a dilated clock, the clock follows the time lines it sends. */
  control?: NodeJS.ReadableStream;
  /** A person reviews in the console's inbox, whatever reviewer the configuration names (see EngineOptions.manualReview). */
  manualReview?: boolean;
  /** Serve the web console's simulator-only views at `/` on the same port (`serve`; not under npm start, whose console is the supervisor's). */
  console?: boolean;
}

export interface SimulatorService {
  sim: Simulator;
  url: string;
  /** Claims and review tasks found in the data directory at start (resumed state). */
  resumed?: { claims: number; reviewTasks: number };
  close(): Promise<void>;
}

async function openStore(data: string, reset: boolean): Promise<StateStore> {
  const { openStateStore } = await import('../core/store/open-state-store.js');
  const store = await openStateStore(data);
  if (!reset) return store;
  store.clearAll();
  store.commit();
  store.close();
  return openStateStore(data);
}

export async function startSimulatorService(o: SimulatorServiceOptions): Promise<SimulatorService> {
  const store = o.data ? await openStore(o.data, !!o.reset) : undefined;
  const floor = store?.resumed ? store.table<number>('engine.meta').get('clock') : undefined;
  // on npm start's shared time line the clock is the supervisor's to change (speed, jumps), in both processes at once
  const clock = o.anchor && o.clock.kind === 'dilated' ? followingClock({ anchor: o.anchor, factor: o.clock.factor }, floor) : resumeClock(o.clock, floor, o.anchor);
  const sim = createSimulator({ config: o.config, clock, scenario: o.scenario, ...(store ? { store } : {}), ...(o.manualReview ? { manualReview: true } : {}) });
  // the console needs the address it reads the simulator at, known only once bound: mounted into this router after listen
  const before = express.Router();
  let server;
  try {
    ({ server } = await listen(createSimulatorServer(sim, { before, beforeOwns: o.console ? consoleOwns : () => false }), o.port, o.host));
  } catch (err) {
    sim.close();
    throw err;
  }
  const bound = (server.address() as { port: number }).port;
  if (o.console) {
    // the console calls the simulator's own public API; a wildcard bind is reached on loopback
    const self = ['0.0.0.0', '::'].includes(o.host) ? '127.0.0.1' : o.host.includes(':') ? `[${o.host}]` : o.host;
    const token = sim.config.admin.token;
    before.use(createConsoleRouter({ simulatorUrl: `http://${self}:${bound}`, ...(token ? { adminToken: token } : {}) }));
  }
  const unfollow = o.control && clock instanceof AdjustableClock ? followTimeLine(clock, o.control) : undefined;
  const tick = store ? setInterval(() => sim.context.store.commit(), o.tickMs ?? 200) : undefined;
  tick?.unref();
  const resumed = sim.resumed
    ? { claims: sim.context.store.table('payer.claims').size, reviewTasks: sim.context.store.table('review.tasks').size }
    : undefined;
  return {
    sim,
    url: `http://${o.host}:${bound}`,
    ...(resumed ? { resumed } : {}),
    async close() {
      if (tick) clearInterval(tick);
      unfollow?.();
      await closeServer(server);
      sim.close();
    },
  };
}

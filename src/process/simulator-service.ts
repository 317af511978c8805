/**
 * The simulator as a process (`prior-auth-sim serve`): the engine behind the express adapter,
 * in memory, or with `--data DIR` on a SQLite store that a restart resumes (configuration,
 * scenario, state and the clock's last committed instant). The clock position is also committed
 * every `tickMs` while the process is idle, so a restart never resumes far behind what a client
 * last saw.
 */
import { closeServer, listen } from '../adapters/listen.js';
import { createSimulatorServer } from '../adapters/express.js';
import type { ClockAnchor } from '../contracts/clock-anchor.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import type { Scenario } from '../contracts/scenario.js';
import { resumeClock, type ClockSpec } from '../core/clock-resume.js';
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
  const clock = resumeClock(o.clock, floor, o.anchor);
  const sim = createSimulator({ config: o.config, clock, scenario: o.scenario, ...(store ? { store } : {}) });
  let server;
  try {
    ({ server } = await listen(createSimulatorServer(sim), o.port, o.host));
  } catch (err) {
    sim.close();
    throw err;
  }
  const tick = store ? setInterval(() => sim.context.store.commit(), o.tickMs ?? 200) : undefined;
  tick?.unref();
  const resumed = sim.resumed
    ? { claims: sim.context.store.table('payer.claims').size, reviewTasks: sim.context.store.table('review.tasks').size }
    : undefined;
  return {
    sim,
    url: `http://${o.host}:${(server.address() as { port: number }).port}`,
    ...(resumed ? { resumed } : {}),
    async close() {
      if (tick) clearInterval(tick);
      await closeServer(server);
      sim.close();
    },
  };
}

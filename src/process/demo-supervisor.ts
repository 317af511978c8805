/**
 * `npm start`: a supervisor with two children — the simulator (`serve --data DIR/simulator`) and
 * the orchestrator (`orchestrator --db DIR/orchestrator.sqlite`) — each restarted on its own if
 * it dies, on one shared dilated time line (see clock-anchor.ts) that begins where the previous
 * run's ended. The supervisor owns that time line (supervised-clock.ts: the console's speed and
 * jump controls change it for both children at once). It listens first (the console port,
 * default 4000) with its control endpoints and the web console, then starts the children.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import { closeServer, listen } from '../adapters/listen.js';
import { formatClockAnchor, type ClockAnchor } from '../contracts/clock-anchor.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import { anchorAt } from '../core/clock-resume.js';
import { readSimulatorClockFloor } from '../core/store/clock-floor.js';
import { openRuntimeDb } from '../../orchestrator/runtime/runtime-db.js';
import { runtimeClockFloor } from '../../orchestrator/runtime/clock-floor.js';
import { createConsoleRouter } from '../console/console-router.js';
import { childCommand } from './child-command.js';
import { bearerGuard } from './bearer-guard.js';
import { createSupervisedClock } from './supervised-clock.js';
import { createSupervisor, type Supervisor } from './supervisor.js';

export interface SupervisedOptions {
  host: string;
  consolePort: number;
  simulatorPort: number;
  orchestratorPort: number;
  seed: number | string;
  /** Simulated seconds per real second. */
  factor: number;
  /** Data directory: DIR/simulator/ and DIR/orchestrator.sqlite. */
  dataDir: string;
  /** The simulator's configuration when its data directory is fresh (default: the demo's). */
  config?: SimulatorConfigInput;
  /** A person reviews in the console's inbox instead of the simulated physician (serve --manual-review). */
  manualReview?: boolean;
  /** Bearer token for the simulator's /__admin and the supervisor's /supervisor routes; the console sends it server-side. */
  adminToken?: string;
  /**
   * `smart`: SMART Backend Services on the simulator's payer and EHR (a fresh data directory only:
   * a resumed one keeps the mode it was made with). The orchestrator always follows the
   * simulator's mode (`--auth auto`), registering its own key when it is `smart`.
   */
  auth?: 'none' | 'smart';
  /** Serve the web console beside the control routes (default true). */
  console?: boolean;
  log?: (line: string) => void;
  /** A child cannot start at all (its port is taken); `stop` ends everything started so far. */
  onFatal?: (message: string, stop: () => Promise<void>) => void;
}

/** The demo payer: polling only, lumbar MRI pended two simulated hours, the physician approves after four. */
export const DEMO_CONFIG: Omit<SimulatorConfigInput, 'seed'> = {
  payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 7200, finalDecision: 'evidence' } } },
  review: { behaviour: 'approve', delaySeconds: 4 * 3600 },
};

export interface SupervisedSystem {
  app: Express;
  consoleUrl: string;
  simulatorUrl: string;
  orchestratorUrl: string;
  anchor: ClockAnchor;
  supervisor: Supervisor;
  clock: ReturnType<typeof createSupervisedClock>;
  /** Stop both children and the console server. */
  stop(): Promise<void>;
}

/** The later of the instants both processes had reached, so the new time line never runs back. */
async function lastInstant(dataDir: string): Promise<number | undefined> {
  const sim = await readSimulatorClockFloor(join(dataDir, 'simulator'));
  const dbFile = join(dataDir, 'orchestrator.sqlite');
  let orch: number | undefined;
  if (existsSync(dbFile)) {
    const db = openRuntimeDb(dbFile);
    orch = runtimeClockFloor(db);
    db.close();
  }
  const both = [sim, orch].filter((t): t is number => t !== undefined);
  return both.length ? Math.max(...both) : undefined;
}

export async function startSupervised(o: SupervisedOptions): Promise<SupervisedSystem> {
  const log = o.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const app = express();
  app.disable('x-powered-by');
  const { server, url: consoleUrl } = await listen(app, o.consolePort, o.host);
  log(`console       ${consoleUrl}   (processes: GET ${consoleUrl}/supervisor/processes)`);

  const anchor = anchorAt(await lastInstant(o.dataDir));
  const simulatorUrl = `http://${o.host}:${o.simulatorPort}`;
  const orchestratorUrl = `http://${o.host}:${o.orchestratorPort}`;
  const base = o.config ?? DEMO_CONFIG;
  // On the demo's dilated clock (an hour per second by default) the default 5-minute token lives
  // 83 ms of wall time, less than a busy machine may take between fetching a token and using it:
  // the demo's tokens last an hour of simulated time, as many payers' do, unless its config says.
  const baseAuth = typeof base.auth === 'object' ? base.auth : {};
  const config = { seed: o.seed, ...base, ...(o.auth ? { auth: { tokenLifetimeSeconds: 3600, ...baseAuth, mode: o.auth } } : {}) };
  const stop = async () => {
    await supervisor.stop();
    await closeServer(server as Server);
  };
  // read on every (re)start, so a child started after a speed change or a jump is on the new time line
  const line = () => clock.current();
  const supervisor = createSupervisor({
    log,
    onFatal: (message) => o.onFatal?.(message, stop),
    children: [
      {
        name: 'simulator',
        url: simulatorUrl,
        command: () => ({
          ...childCommand(['serve', '--supervised', '--host', o.host, '--port', String(o.simulatorPort), '--data', join(o.dataDir, 'simulator'),
            '--clock', `dilated:${line().factor}`, '--clock-anchor', formatClockAnchor(line().anchor), '--config-json', JSON.stringify(config),
            ...(o.manualReview ? ['--manual-review'] : [])]),
          ...(o.adminToken ? { env: { PRIOR_AUTH_SIM_ADMIN_TOKEN: o.adminToken } } : {}),
        }),
      },
      {
        name: 'orchestrator',
        url: orchestratorUrl,
        command: () => ({
          ...childCommand(['orchestrator', '--supervised', '--host', o.host, '--port', String(o.orchestratorPort), '--db', join(o.dataDir, 'orchestrator.sqlite'),
            '--simulator-url', simulatorUrl, '--factor', String(line().factor), '--clock-anchor', formatClockAnchor(line().anchor), '--auth', 'auto']),
          // it asks the simulator's admin API for the auth mode (and registers its SMART key there)
          ...(o.adminToken ? { env: { PRIOR_AUTH_SIM_ADMIN_TOKEN: o.adminToken } } : {}),
        }),
      },
    ],
  });
  const clock = createSupervisedClock({ line: { anchor, factor: o.factor }, supervisor, children: ['simulator', 'orchestrator'] });
  if (o.adminToken) app.use('/supervisor', bearerGuard(o.adminToken));
  app.use(supervisor.router, clock.router);
  if (o.console ?? true) {
    // the web console reads only the public APIs of the two children; its crash button and clock controls call the supervisor beside it
    app.use(createConsoleRouter({ simulatorUrl, orchestratorUrl, supervisorUrl: consoleUrl, ...(o.adminToken ? { adminToken: o.adminToken } : {}) }));
  }
  // a body express could not read: a problem document, not express's HTML page
  app.use((err: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    res.status(status).type('application/problem+json').json({ type: 'about:blank', title: status === 500 ? 'Internal Server Error' : 'Bad Request', status, detail: status === 500 ? 'the supervisor failed to answer' : `the request could not be read (HTTP ${status})` });
  });
  await supervisor.start();
  return {
    app, consoleUrl, simulatorUrl, orchestratorUrl, anchor, supervisor, clock, stop,
  };
}

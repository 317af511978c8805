/**
 * `npm start`: a supervisor with two children — the simulator (`serve --data DIR/simulator`) and
 * the orchestrator (`orchestrator --db DIR/orchestrator.sqlite`) — each restarted on its own if
 * it dies, on one shared dilated time line (see clock-anchor.ts) that begins where the previous
 * run's ended. The supervisor listens first (the console port, default 4000) with its control
 * endpoints, then starts the children, says which executions it resumed, and starts one new
 * demo request with a fresh request id each time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Server } from 'node:http';
import { closeServer, listen } from '../adapters/listen.js';
import { formatClockAnchor, type ClockAnchor } from '../contracts/clock-anchor.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import { anchorAt } from '../core/clock-resume.js';
import { readSimulatorClockFloor } from '../core/store/clock-floor.js';
import { openRuntimeDb } from '../../orchestrator/runtime/runtime-db.js';
import { runtimeClockFloor } from '../../orchestrator/runtime/clock-floor.js';
import { childCommand } from './child-command.js';
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
  const config = { seed: o.seed, ...(o.config ?? DEMO_CONFIG) };
  const stop = async () => {
    await supervisor.stop();
    await closeServer(server as Server);
  };
  const supervisor = createSupervisor({
    log,
    onFatal: (message) => o.onFatal?.(message, stop),
    children: [
      {
        name: 'simulator',
        url: simulatorUrl,
        command: () => childCommand(['serve', '--supervised', '--host', o.host, '--port', String(o.simulatorPort), '--data', join(o.dataDir, 'simulator'),
          '--clock', `dilated:${o.factor}`, '--clock-anchor', formatClockAnchor(anchor), '--config-json', JSON.stringify(config)]),
      },
      {
        name: 'orchestrator',
        url: orchestratorUrl,
        command: () => childCommand(['orchestrator', '--supervised', '--host', o.host, '--port', String(o.orchestratorPort), '--db', join(o.dataDir, 'orchestrator.sqlite'),
          '--simulator-url', simulatorUrl, '--factor', String(o.factor), '--clock-anchor', formatClockAnchor(anchor)]),
      },
    ],
  });
  app.use(supervisor.router);
  await supervisor.start();
  return {
    app, consoleUrl, simulatorUrl, orchestratorUrl, anchor, supervisor, stop,
  };
}

/**
 * `npm start`: the simulator and the orchestrator (durable runtime on SQLite) on one machine,
 * sharing a dilated clock (one simulated hour per real second by default, adjustable from the
 * console) so a 4-hour review and a 2-hour pend take seconds. The web console is served at the
 * simulator's address. Starts one demo request and logs its progress.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Server } from 'node:http';
import { createSimulator } from '../simulator.js';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createExpressApp } from '../adapters/express.js';
import { AdjustableClock } from '../core/adjustable-clock.js';
import { createConsoleRouter } from '../console/console-router.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import { createDurableRuntime } from '../../orchestrator/runtime/index.js';
import { createOrchestrator } from '../../orchestrator/orchestrator.js';

export interface DemoOptions {
  host: string;
  simulatorPort: number;
  orchestratorPort: number;
  seed: number | string;
  /** Simulated seconds per real second. */
  factor: number;
  dbPath: string;
  /** Start one request at launch and log it until it ends. */
  demoRequest: boolean;
  /** Leave review tasks to a person in the console's inbox instead of the automatic reviewer. */
  manualReview?: boolean;
}

const listen = (app: { listen: (port: number, host: string, cb: () => void) => Server }, port: number, host: string) =>
  new Promise<Server>((resolve) => {
    const server = app.listen(port, host, () => resolve(server));
  });

export async function startDemo(o: DemoOptions): Promise<{ close(): Promise<void>; consoleUrl: string; simulatorUrl: string; orchestratorUrl: string }> {
  const clock = new AdjustableClock(o.factor);
  const config: SimulatorConfigInput = {
    seed: o.seed,
    payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 7200, finalDecision: 'evidence' } } },
    review: o.manualReview ? { behaviour: 'manual' } : { behaviour: 'approve', delaySeconds: 4 * 3600 },
  };
  const sim = createSimulator({ config, clock });
  const simApp = express();
  const simServer = await listen(simApp, o.simulatorPort, o.host);
  const simulatorUrl = `http://${o.host}:${(simServer.address() as AddressInfo).port}`;

  mkdirSync(dirname(o.dbPath), { recursive: true });
  const runtime = createDurableRuntime({ db: o.dbPath, clock });
  const orchApp = express();
  const orchServer = await listen(orchApp, o.orchestratorPort, o.host);
  const publicUrl = `http://${o.host}:${(orchServer.address() as AddressInfo).port}`;
  const orch = createOrchestrator({ runtime, simulatorUrl, publicUrl, now: () => clock.now() });
  orchApp.use(orch.app);
  runtime.recover();
  // the console reads only the two public APIs; the crash button needs a supervisor, which this single process does not have
  simApp.use(createConsoleRouter({ simulatorUrl, orchestratorUrl: publicUrl }));
  simApp.use(createExpressApp(sim));

  console.log(`console       ${simulatorUrl}/   (executions, review inbox, payer desk, chaos controls)`);
  console.log(`simulator     ${simulatorUrl}   (OpenAPI: ${simulatorUrl}/openapi.json, seed ${o.seed})`);
  console.log(`orchestrator  ${publicUrl}   (executions: ${publicUrl}/executions, database ${o.dbPath})`);
  console.log(`clock         dilated: ${o.factor} simulated seconds per real second`);
  console.log(`start one:    curl -s -XPOST ${publicUrl}/prior-auth -H 'content-type: application/json' -d '{"patientId":"pat-knee-meets","procedureCode":"27447"}'`);

  let ticker: NodeJS.Timeout | undefined;
  if (o.demoRequest) {
    const { executionId } = orch.start({ patientId: 'pat-lumbar-meets', procedureCode: '72148' }, `demo-${o.seed}`);
    let last = '';
    ticker = setInterval(() => {
      const view = runtime.getExecution(executionId);
      const op = view.operations.at(-1);
      const line = `${view.status}${op ? `  last operation: ${op.name ?? op.type} ${op.status}` : ''}`;
      if (line !== last) console.log(`demo ${executionId}  ${new Date(clock.now()).toISOString()}  ${line}`);
      last = line;
      if (view.status !== 'RUNNING') {
        const r = view.result as { outcome?: string; authorizationNumber?: string; reason?: string } | undefined;
        console.log(`demo ${executionId}  outcome ${r?.outcome ?? view.error?.ErrorMessage}${r?.authorizationNumber ? `, authorization ${r.authorizationNumber}` : ''}${r?.reason ? ` (${r.reason})` : ''}`);
        console.log(`     details: curl -s ${publicUrl}/executions/${executionId}`);
        clearInterval(ticker);
      }
    }, 250);
  }
  return {
    consoleUrl: `${simulatorUrl}/`,
    simulatorUrl,
    orchestratorUrl: publicUrl,
    async close() {
      if (ticker) clearInterval(ticker);
      runtime.close();
      for (const s of [simServer, orchServer]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}

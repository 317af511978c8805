/**
 * The orchestrator as a process of its own (`prior-auth-sim orchestrator`, started by `npm start`):
 * the durable runtime on its SQLite file, the prior-auth workflow, its HTTP API. Its clock is
 * dilated on the anchor it is given (the simulator's time line) and never starts before the
 * latest instant its database recorded. It binds its port before recovering executions, so a
 * busy port fails the start before anything runs. With `auth` it first registers itself as a SMART
 * client of the simulator (orchestrator-smart-client.ts).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ClockAnchor } from '../contracts/clock-anchor.js';
import { followingClock, resumeClock } from '../core/clock-resume.js';
import { followTimeLine } from './follow-time-line.js';
import { AdjustableClock } from '../core/adjustable-clock.js';
import { closeServer, listen } from '../adapters/listen.js';
import { createDurableRuntime } from '../../orchestrator/runtime/index.js';
import { openRuntimeDb } from '../../orchestrator/runtime/runtime-db.js';
import { runtimeClockFloor } from '../../orchestrator/runtime/clock-floor.js';
import { createOrchestrator } from '../../orchestrator/orchestrator.js';
import { loadOrCreateCallbackKey } from '../../orchestrator/callback-auth.js';
import { registerOrchestratorSmartClient, type OrchestratorAuthMode } from './orchestrator-smart-client.js';

export interface OrchestratorServiceOptions {
  host: string;
  port: number;
  db: string;
  simulatorUrl: string;
  /** Simulated ms per wall ms (1: real time). */
  factor: number;
  anchor?: ClockAnchor;
  /** The supervisor's pipe (npm start): with `anchor`, the clock follows the time lines it sends. */
  control?: NodeJS.ReadableStream;
  /**
   * SMART Backend Services toward the simulator (default `none`): `smart` requires the simulator to
   * run it, `auto` follows whatever it runs (npm start). The key pair lives beside the database.
   */
  auth?: OrchestratorAuthMode;
  /** The simulator's admin token (registering the SMART client goes through its /__admin). */
  simulatorAdminToken?: string;
}

export async function startOrchestratorService(o: OrchestratorServiceOptions): Promise<{ url: string; running: number; smartClient?: string; close(): Promise<void> }> {
  mkdirSync(dirname(o.db), { recursive: true });
  // before the database opens: a simulator that never answers fails the start with nothing open
  const smart = o.auth && o.auth !== 'none'
    ? await registerOrchestratorSmartClient({ mode: o.auth, simulatorUrl: o.simulatorUrl, keyFile: `${o.db}.smart-key.json`, ...(o.simulatorAdminToken ? { adminToken: o.simulatorAdminToken } : {}) })
    : undefined;
  const db = openRuntimeDb(o.db);
  const floor = runtimeClockFloor(db);
  // on npm start's shared time line the supervisor changes speed and jumps ahead, for both processes at once
  const clock = o.anchor ? followingClock({ anchor: o.anchor, factor: o.factor }, floor) : resumeClock(o.factor === 1 ? { kind: 'real' } : { kind: 'dilated', factor: o.factor }, floor);
  const runtime = createDurableRuntime({ db, clock });
  const publicUrl = `http://${o.host}:${o.port}`;
  // the callback key lives beside the database, so callbacks handed out before a restart still verify after it
  const orch = createOrchestrator({ runtime, simulatorUrl: o.simulatorUrl, publicUrl, now: () => clock.now(), callbackKey: loadOrCreateCallbackKey(`${o.db}.callback-key`), ...(smart ? { smart } : {}) });
  let server;
  try {
    ({ server } = await listen(orch.app, o.port, o.host));
  } catch (err) {
    db.close();
    throw err;
  }
  runtime.recover();
  const unfollow = o.control && clock instanceof AdjustableClock ? followTimeLine(clock, o.control) : undefined;
  return {
    url: publicUrl,
    running: runtime.listExecutions('RUNNING').length,
    ...(smart ? { smartClient: `${smart.clientId} (key ${smart.key.kid})` } : {}),
    async close() {
      unfollow?.();
      await closeServer(server);
      await runtime.close();
      db.close();
    },
  };
}

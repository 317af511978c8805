/**
 * How a long-lived orchestrator (`prior-auth-sim orchestrator --auth smart|auto`, which `npm start`
 * runs) becomes a SMART client of the simulator: ask the simulator's admin API which auth mode it
 * runs, and when it is `smart`, register the orchestrator's own public key (kept in a file beside
 * its database, see client-key-file.ts) as client `prior-auth-orchestrator`. Registering the same
 * client again replaces it, so every start registers: a restarted orchestrator is registered
 * whatever happened in between, and a restarted simulator keeps the registration in its data directory.
 */
import { AuthClientListSchema } from '../contracts/auth.js';
import { loadOrCreateClientKey } from '../../orchestrator/clients/client-key-file.js';
import { publicJwks } from '../../orchestrator/clients/client-key.js';
import type { SmartClientConfig } from '../../orchestrator/clients/smart-token-source.js';
import { trimTrailingSlashes } from '../contracts/trim-trailing-slashes.js';

export const ORCHESTRATOR_SMART_CLIENT_ID = 'prior-auth-orchestrator';

export type OrchestratorAuthMode = 'none' | 'smart' | 'auto';

export interface SmartRegistrationOptions {
  /** `smart`: the simulator must run SMART; `auto`: follow whatever it runs. */
  mode: Exclude<OrchestratorAuthMode, 'none'>;
  simulatorUrl: string;
  /** The private key's file (created when missing). */
  keyFile: string;
  /** The simulator's admin token, when its /__admin needs one. */
  adminToken?: string;
  /** How long to wait for the simulator to answer (it may be starting or restarting). */
  waitMs?: number;
  log?: (line: string) => void;
  /** Injected for tests; default: global fetch. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The SMART client configuration to give the orchestrator, or undefined when the simulator runs `auth: none` (mode `auto`). */
export async function registerOrchestratorSmartClient(o: SmartRegistrationOptions): Promise<SmartClientConfig | undefined> {
  const send = o.fetch ?? fetch;
  const sleep = o.sleep ?? realSleep;
  const base = trimTrailingSlashes(o.simulatorUrl);
  const headers: Record<string, string> = { accept: 'application/json', ...(o.adminToken ? { authorization: `Bearer ${o.adminToken}` } : {}) };
  const budget = o.waitMs ?? 15_000;
  const admin = async (path: string, init: RequestInit = {}): Promise<Response> => {
    // the budget counts the pauses between attempts (process plumbing: no clock to ask)
    for (let delay = 100, waited = 0; ; waited += delay, delay = Math.min(delay * 2, 2_000)) {
      try {
        const res = await send(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) }, signal: AbortSignal.timeout(5_000) });
        if (res.status < 500) return res;
      } catch {
        // the simulator is not listening (yet): ask again until the deadline
      }
      if (waited + delay > budget) throw new Error(`the simulator at ${base} did not answer ${init.method ?? 'GET'} ${path} in time; is it running?`);
      await sleep(delay);
    }
  };
  const listed = await admin('/__admin/auth/clients');
  if (listed.status === 401 || listed.status === 403) throw new Error(`the simulator's admin API refused the orchestrator (HTTP ${listed.status}): pass its admin token (PRIOR_AUTH_SIM_ADMIN_TOKEN)`);
  if (!listed.ok) throw new Error(`GET ${base}/__admin/auth/clients: HTTP ${listed.status}`);
  const { mode } = AuthClientListSchema.parse(await listed.json());
  if (mode !== 'smart') {
    if (o.mode === 'smart') throw new Error(`the simulator at ${base} runs auth: none, so the orchestrator has nothing to authenticate to (a data directory keeps the auth mode it was made with: start the simulator with a fresh one, or --reset)`);
    return undefined;
  }
  const key = await loadOrCreateClientKey(o.keyFile);
  const registered = await admin('/__admin/auth/clients', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: ORCHESTRATOR_SMART_CLIENT_ID, jwks: publicJwks(key) }),
  });
  if (registered.status !== 201 && registered.status !== 200) throw new Error(`registering the orchestrator's SMART client failed: HTTP ${registered.status} ${await registered.text()}`);
  o.log?.(`SMART client ${ORCHESTRATOR_SMART_CLIENT_ID} registered with the simulator (key ${key.kid}, kept in ${o.keyFile})`);
  return { clientId: ORCHESTRATOR_SMART_CLIENT_ID, key };
}

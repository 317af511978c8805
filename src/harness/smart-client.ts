/**
 * The orchestrator as a SMART client of a simulator running `auth: smart`: a key pair derived
 * from the simulator's seed (the same run registers the same key) and its public JWKS registered
 * through the admin API, as a team would register its own client.
 */
import { createClientKey, publicJwks } from '../../orchestrator/clients/client-key.js';
import type { SmartClientConfig } from '../../orchestrator/clients/smart-token-source.js';
import type { Simulator } from '../simulator.js';

export const ORCHESTRATOR_CLIENT_ID = 'prior-auth-orchestrator';

/** `baseUrl`: any origin; the request goes through `sim.handle`, never a socket. */
export async function registerOrchestratorClient(sim: Simulator, baseUrl: string, clientId = ORCHESTRATOR_CLIENT_ID): Promise<SmartClientConfig> {
  const key = await createClientKey({ seed: `${String(sim.config.seed)}/${clientId}` });
  const res = await sim.handle(new Request(`${baseUrl}/__admin/auth/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, jwks: publicJwks(key) }),
  }));
  if (res.status !== 201 && res.status !== 200) throw new Error(`registering the orchestrator's SMART client failed: HTTP ${res.status} ${await res.text()}`);
  let jti = 0;
  return { clientId, key, newJti: () => `${clientId}-${++jti}` };
}

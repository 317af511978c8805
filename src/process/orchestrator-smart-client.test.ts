import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '../simulator.js';
import { registerOrchestratorSmartClient } from './orchestrator-smart-client.js';

const BASE = 'http://sim.test';
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'smart-client-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The simulator answering in process, as if over HTTP. */
const over = (sim: ReturnType<typeof createSimulator>): typeof fetch => async (input, init) => sim.handle(new Request(String(input), { method: init?.method, headers: init?.headers, body: init?.body }));

describe('registerOrchestratorSmartClient', () => {
  it('registers the key kept in its file, the same one at every start', async () => {
    const sim = createSimulator({ config: { seed: 1, auth: 'smart' } });
    const keyFile = join(dir, 'o.sqlite.smart-key.json');
    const a = await registerOrchestratorSmartClient({ mode: 'auto', simulatorUrl: BASE, keyFile, fetch: over(sim) });
    const b = await registerOrchestratorSmartClient({ mode: 'smart', simulatorUrl: `${BASE}/`, keyFile, fetch: over(sim) });
    expect(a?.key.kid).toBeDefined();
    expect(b?.key.kid).toBe(a?.key.kid);
    const list = (await (await sim.handle(new Request(`${BASE}/__admin/auth/clients`))).json()) as { clients: { clientId: string; kids: string[] }[] };
    expect(list.clients.filter((c) => c.clientId === 'prior-auth-orchestrator').map((c) => c.kids)).toEqual([[a!.key.kid]]);
    expect(Object.keys(JSON.parse(readFileSync(keyFile, 'utf8')))).toEqual(['kty', 'crv', 'x', 'y', 'd']);
  });

  it('follows a simulator running auth: none (auto) or refuses to start against it (smart), making no key', async () => {
    const sim = createSimulator({ config: { seed: 1 } });
    const keyFile = join(dir, 'o.sqlite.smart-key.json');
    expect(await registerOrchestratorSmartClient({ mode: 'auto', simulatorUrl: BASE, keyFile, fetch: over(sim) })).toBeUndefined();
    await expect(registerOrchestratorSmartClient({ mode: 'smart', simulatorUrl: BASE, keyFile, fetch: over(sim) })).rejects.toThrow(/runs auth: none/);
    expect(() => readFileSync(keyFile)).toThrow();
  });

  it('says so when the admin API wants a token, and gives up on a simulator that never answers', async () => {
    const sim = createSimulator({ config: { seed: 1, auth: 'smart', admin: { token: 'admin-token-0123456789' } } });
    const keyFile = join(dir, 'k.json');
    await expect(registerOrchestratorSmartClient({ mode: 'auto', simulatorUrl: BASE, keyFile, fetch: over(sim) })).rejects.toThrow(/PRIOR_AUTH_SIM_ADMIN_TOKEN/);
    expect(await registerOrchestratorSmartClient({ mode: 'auto', simulatorUrl: BASE, keyFile, fetch: over(sim), adminToken: 'admin-token-0123456789' })).toBeDefined();
    const pauses: number[] = [];
    const down: typeof fetch = async () => { throw new TypeError('fetch failed'); };
    await expect(registerOrchestratorSmartClient({ mode: 'auto', simulatorUrl: BASE, keyFile, fetch: down, waitMs: 3_000, sleep: async (ms) => { pauses.push(ms); } }))
      .rejects.toThrow(/did not answer GET \/__admin\/auth\/clients/);
    expect(pauses.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3_000);
    expect(pauses.length).toBeGreaterThan(3);
  });
});

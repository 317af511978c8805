/**
 * SMART auth state across a restart (`serve --data`): a client registered over the admin API is
 * still registered, an access token issued before is still valid until its expiry on the
 * simulator's clock (and no longer after it), a client assertion replayed after the restart is
 * still refused, and a client whose keys a fault revoked stays revoked. The first simulator is
 * never closed: the restart finds only what its responses committed, as after kill -9. Over
 * both backends; the data file holds no usable access token.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../src/core/clock.js';
import { createMemoryBackend } from '../../src/core/store/memory-backend.js';
import { openSqliteBackend } from '../../src/core/store/sqlite-backend.js';
import type { StateBackend } from '../../src/core/store/state-backend.js';
import { createStateStore } from '../../src/core/store/state-store.js';
import { CLIENT_ASSERTION_TYPE } from '../../src/contracts/auth.js';
import { createSimulator, type Simulator } from '../../src/simulator.js';
import { assertion, ORIGIN, testKey, tokenRequest, type TestKey } from '../../src/auth/testing/smart-kit.js';

const LIFETIME_S = 600;
const CONFIG = { seed: 5, auth: { mode: 'smart' as const, tokenLifetimeSeconds: LIFETIME_S } };

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const kinds: [string, () => { backend: StateBackend; reopen: () => StateBackend; file?: string }][] = [
  ['memory', () => {
    const backend = createMemoryBackend();
    return { backend, reopen: () => backend };
  }],
  ['sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-restart-'));
    dirs.push(dir);
    const file = join(dir, 'simulator.sqlite');
    // a second connection on the same file, the first left open: what a new process after kill -9 sees
    return { backend: openSqliteBackend(file), reopen: () => openSqliteBackend(file), file };
  }],
];

const register = (sim: Simulator, key: TestKey, clientId: string) =>
  sim.handle(new Request(`${ORIGIN}/__admin/auth/clients`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, jwks: { keys: [key.publicJwk] }, scopes: ['system/*.read'], systems: ['ehr'] }),
  }));

const tokenFor = async (sim: Simulator, signed: string) => {
  const res = await tokenRequest(sim, { grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: signed, scope: 'system/Patient.read' }, 'ehr');
  return { status: res.status, body: (await res.json()) as { access_token?: string; error?: string; error_description?: string } };
};

const readPatient = (sim: Simulator, token: string) =>
  sim.handle(new Request(`${ORIGIN}/ehr/fhir/Patient/pat-knee-meets`, { headers: { authorization: `Bearer ${token}` } }));

/** A simulator on what `backend` committed, its virtual clock resumed at the committed instant. */
function restart(backend: StateBackend): { sim: Simulator; clock: VirtualClock } {
  const store = createStateStore(backend);
  const clock = new VirtualClock(store.table<number>('engine.meta').get('clock'));
  return { sim: createSimulator({ config: { seed: 1 }, clock, store }), clock };
}

describe.each(kinds)('SMART auth state across a restart (%s backend)', (_kind, make) => {
  it('keeps registrations, issued tokens until their expiry, used assertion ids and revocations', async () => {
    const { backend, reopen, file } = make();
    const clock = new VirtualClock();
    const first = createSimulator({ config: CONFIG, clock, store: createStateStore(backend) });
    const key = await testKey();
    const aud = `${ORIGIN}/ehr/auth/token`;
    expect((await register(first, key, 'team-client')).status).toBe(201);
    expect((await register(first, key, 'revoked-client')).status).toBe(201);

    const used = await assertion(key, clock, { aud, jti: 'jti-before-restart' });
    const issued = await tokenFor(first, used);
    expect(issued.status).toBe(200);
    const token = issued.body.access_token!;
    expect((await readPatient(first, token)).status).toBe(200);
    // a key-revoked fault on the token endpoint revokes the client that asks
    first.faults.arm({ id: 'revoke', match: { route: '/ehr/auth/token' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'key-revoked' } });
    expect((await tokenFor(first, await assertion(key, clock, { aud, clientId: 'revoked-client' }))).body.error).toBe('invalid_client');
    await clock.advance(60_000);
    expect((await readPatient(first, token)).status).toBe(200); // commits the clock's instant with the answer
    if (file) expect(readFileSync(file).includes(Buffer.from(token))).toBe(false);

    const { sim, clock: resumed } = restart(reopen());
    expect(sim.resumed).toBe(true);
    const clients = (await (await sim.handle(new Request(`${ORIGIN}/__admin/auth/clients`))).json()) as { clients: { clientId: string; source: string; revoked: boolean }[] };
    expect(clients.clients).toEqual(expect.arrayContaining([
      expect.objectContaining({ clientId: 'team-client', source: 'admin', revoked: false }),
      expect.objectContaining({ clientId: 'revoked-client', source: 'admin', revoked: true }),
    ]));

    // the token from before the restart still opens the EHR
    expect((await readPatient(sim, token)).status).toBe(200);
    // the same assertion again is a replay, as it was before the restart
    const replay = await tokenFor(sim, used);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(replay.body.error_description).toContain('jti-before-restart');
    // the revoked client stays revoked; the other gets new tokens as before
    expect((await tokenFor(sim, await assertion(key, resumed, { aud, clientId: 'revoked-client' }))).body.error).toBe('invalid_client');
    expect((await tokenFor(sim, await assertion(key, resumed, { aud }))).status).toBe(200);

    // and it expires when its lifetime on the simulator's clock says, not later
    await resumed.advance(LIFETIME_S * 1000 - 60_000);
    const expired = await readPatient(sim, token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('expired');
    sim.close();
  });

  it('keeps a client registered over the admin API through a reset and a restart after it', async () => {
    const { backend, reopen } = make();
    const first = createSimulator({ config: CONFIG, clock: new VirtualClock(), store: createStateStore(backend) });
    expect((await register(first, await testKey(), 'team-client')).status).toBe(201);
    const reset = await first.handle(new Request(`${ORIGIN}/__admin/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    expect(reset.status).toBe(200);
    const { sim } = restart(reopen());
    const clients = (await (await sim.handle(new Request(`${ORIGIN}/__admin/auth/clients`))).json()) as { clients: { clientId: string; source: string }[] };
    expect(clients.clients.map((c) => [c.clientId, c.source])).toEqual([['team-client', 'admin']]);
    sim.close();
  });
});

// Exercises src/admin/faults-routes.ts through the engine (admin tests live beside the adapters for now).
import { faultAdminRoutes } from '../admin/faults-routes.js';
import { createEngine, type SystemFactory } from '../core/engine.js';
import { createTestSystem } from '../core/faults/test-system.js';

const adminFaults: SystemFactory = (ctx) => ({ name: 'admin', routes: faultAdminRoutes(ctx) });
const engine = createEngine({ systems: [createTestSystem().factory, adminFaults] });
const call = (method: string, path: string, body?: unknown) =>
  engine.handle(new Request(`http://sim.test${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));

describe('/__admin/faults and /__admin/journal', () => {
  it('arms, lists, disarms one and disarms all', async () => {
    const armed = await call('POST', '/__admin/faults', { id: 'down', match: { system: 'ehr' }, fault: { kind: 'http-status', status: 503 } });
    expect(armed.status).toBe(201);
    expect(await armed.json()).toMatchObject({ id: 'down', schedule: { kind: 'always' }, matched: 0, fired: 0, preempted: 0 });
    expect((await call('GET', '/ehr/fhir/Patient/p-1')).status).toBe(503);
    await call('POST', '/__admin/faults', { fault: { kind: 'empty-200' }, match: { system: 'payer' } });
    const listed = (await (await call('GET', '/__admin/faults')).json()) as { faults: { id: string; matched: number }[] };
    expect(listed.faults.map((f) => [f.id, f.matched])).toEqual([['down', 1], ['fault-1', 0]]);
    expect((await call('DELETE', '/__admin/faults/down')).status).toBe(204);
    expect((await call('DELETE', '/__admin/faults/down')).status).toBe(404);
    expect((await call('GET', '/ehr/fhir/Patient/p-1')).status).toBe(200);
    expect((await call('DELETE', '/__admin/faults')).status).toBe(204);
    expect(engine.faults.list()).toEqual([]);
  });

  it('refuses a bad rule with problem JSON naming the failing field', async () => {
    const res = await call('POST', '/__admin/faults', { fault: { kind: 'http-status', status: 200 } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(['body.fault.status']);
  });

  it('reads the journal filtered, as JSON and NDJSON, without journaling admin calls', async () => {
    await call('POST', '/__admin/faults', { id: 'lost', match: { route: '/payer/fhir/Claim/$submit' }, fault: { kind: 'response-lost-after-commit' } });
    await call('GET', '/ehr/fhir/Patient/p-1');
    await call('POST', '/payer/fhir/Claim/$submit', { resourceType: 'Bundle' }).catch(() => undefined);
    const json = (await (await call('GET', '/__admin/journal?fault=response-lost-after-commit')).json()) as { entries: { url: string }[] };
    expect(json.entries.map((e) => e.url)).toEqual(['/payer/fhir/Claim/$submit']);
    const ndjson = await (await call('GET', '/__admin/journal.ndjson?system=ehr')).text();
    const lines = ndjson.trim().split('\n').map((l) => JSON.parse(l) as { system: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((e) => e.system === 'ehr')).toBe(true);
    expect(engine.journal.query({ system: ['admin'] })).toEqual([]);
    expect((await call('GET', '/__admin/journal?status=abc')).status).toBe(400);
  });
});

/**
 * `prior-auth-sim serve`'s console: the simulator-only views on the simulator's own port (mounted
 * ahead of the simulator once the port is known), the views that need the orchestrator saying it
 * is not connected, and with an admin token the console's calls carrying it server-side.
 */
import { startSimulatorService, type SimulatorService } from './simulator-service.js';

const TOKEN = 'serve-admin-token-0123456789';
let service: SimulatorService;

beforeAll(async () => {
  service = await startSimulatorService({ host: '127.0.0.1', port: 0, clock: { kind: 'virtual' }, config: { seed: 3, admin: { token: TOKEN } }, console: true });
});
afterAll(() => service.close());

const consolePost = (path: string, body: unknown) => fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-console': '1' }, body: JSON.stringify(body) });

describe('serve with the console', () => {
  it('serves the page and the simulator on one port; the orchestrator\'s views say it is not connected', async () => {
    const page = await fetch(`${service.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect(await (await fetch(`${service.url}/console/api/catalog`)).json()).toMatchObject({ orchestrator: false, supervisor: false });
    const detail = await fetch(`${service.url}/console/api/executions/ex-1`);
    expect(detail.status).toBe(404);
    expect((await detail.json()).detail).toContain('no orchestrator');
    const start = await consolePost('/console/api/executions', { patientId: 'pat-knee-meets', procedureCode: '27447' });
    expect(start.status).toBe(503);
    expect((await start.json()).detail).toContain('no orchestrator');
    expect((await consolePost('/console/api/crash', {})).status).toBe(503);
    // the simulator itself, behind the console's routes
    expect((await fetch(`${service.url}/ehr/fhir/metadata`)).status).toBe(200);
    expect((await fetch(`${service.url}/console/nope`)).status).toBe(404);
  });

  it('acts and reads with the admin token server-side; the same call without the console needs the token', async () => {
    const rule = { match: { system: 'payer', route: '/payer/fhir/Claim/$inquire' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'http-status', status: 503 } };
    expect((await fetch(`${service.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) })).status).toBe(401);
    const armed = await consolePost('/console/api/faults', rule);
    expect(armed.status).toBe(201);
    // the virtual clock moves through the console (no supervisor: the simulator's own admin route)
    const advanced = await consolePost('/console/api/clock/advance', { seconds: 3600 });
    expect(advanced.status).toBe(200);
    expect((await advanced.json()).now).toBe('2026-01-05T10:00:00.000Z');
    const res = await fetch(`${service.url}/console/api/events`);
    const reader = res.body!.getReader();
    let text = '';
    while (!/event: snapshot\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n\n/.exec(text)![1]!) as { simulator: { ok: boolean }; faults: unknown[]; orchestrator: { configured: boolean } };
    expect(snapshot.simulator).toEqual({ ok: true });
    expect(snapshot.faults).toHaveLength(1);
    expect(snapshot.orchestrator.configured).toBe(false);
    expect(text).not.toContain(TOKEN);
  });

  it('serves no console when asked not to (serve --no-console)', async () => {
    const bare = await startSimulatorService({ host: '127.0.0.1', port: 0, clock: { kind: 'virtual' }, config: { seed: 3 } });
    try {
      const res = await fetch(`${bare.url}/`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('json');
    } finally {
      await bare.close();
    }
  });
});

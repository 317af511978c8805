import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { createExpressApp } from '../adapters/express.js';
import { VirtualClock } from '../core/clock.js';
import { createSimulator } from '../simulator.js';
import { createConsoleHub } from './console-hub.js';
import { createConsoleRouter } from './console-router.js';

let server: Server;
let simulatorUrl: string;

beforeAll(async () => {
  const sim = createSimulator({ config: { seed: 3, review: { behaviour: 'manual' } }, clock: new VirtualClock() });
  server = await new Promise<Server>((resolve) => {
    const s = createExpressApp(sim).listen(0, '127.0.0.1', () => resolve(s));
  });
  simulatorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const consoleApp = (options: Partial<Parameters<typeof createConsoleRouter>[0]> = {}) => express().use(createConsoleRouter({ simulatorUrl, ...options }));

describe('createConsoleRouter', () => {
  it('serves the page, its modules from node_modules and the catalog', async () => {
    const app = consoleApp();
    const page = await request(app).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('"preact": "/console/vendor/preact.mjs"');
    for (const file of ['preact.mjs', 'hooks.mjs', 'htm.mjs']) {
      const res = await request(app).get(`/console/vendor/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
    }
    expect((await request(app).get('/console/assets/app.js')).status).toBe(200);
    expect((await request(app).get('/console/assets/timeline.css')).text).toContain('.tl-fault');
    const catalog = (await request(app).get('/console/api/catalog')).body;
    expect(catalog).toMatchObject({ orchestrator: false, supervisor: false });
    expect(catalog.personas.find((p: { id: string }) => p.id === 'pat-knee-fails')).toMatchObject({ procedure: { code: '27447' }, story: 'BMI above 40' });
    expect(catalog.scenarios.length).toBeGreaterThan(5);
  });

  it('answers unknown console paths and vendor files with a 404 problem, and no path escapes the asset folder', async () => {
    const app = consoleApp();
    expect((await request(app).get('/console/vendor/react.js')).status).toBe(404);
    expect((await request(app).get('/console/nope')).body).toMatchObject({ status: 404 });
    const escape = await request(app).get('/console/assets/..%2F..%2Fpackage.json');
    expect(escape.status).not.toBe(200);
  });

  it('forwards an action to the owning API only with x-console: 1, and passes its answer through', async () => {
    const app = consoleApp();
    const rule = { match: { system: 'payer', route: '/payer/fhir/Claim/$inquire' }, schedule: { kind: 'first-n', n: 3 }, fault: { kind: 'http-status', status: 503 } };
    const refused = await request(app).post('/console/api/faults').set('content-type', 'application/json').send(rule);
    expect(refused.status).toBe(403);
    const armed = await request(app).post('/console/api/faults').set('x-console', '1').set('content-type', 'application/json').send(rule);
    expect(armed.status).toBe(201);
    expect(armed.body).toMatchObject({ fired: 0, fault: { status: 503 } });
    const bad = await request(app).post('/console/api/faults').set('x-console', '1').set('content-type', 'application/json').send({ fault: { kind: 'nope' } });
    expect(bad.status).toBe(400);
    expect((await request(app).delete(`/console/api/faults/${armed.body.id}`).set('x-console', '1')).status).toBe(204);
  });

  it('refuses the crash and execution routes it has no target for, saying why', async () => {
    const app = consoleApp();
    const crash = await request(app).post('/console/api/crash').set('x-console', '1');
    expect(crash.status).toBe(503);
    expect(crash.body.detail).toContain('no supervisor runs here');
    expect((await request(app).post('/console/api/executions').set('x-console', '1').send('{}')).status).toBe(503);
    expect((await request(app).get('/console/api/executions/ex-1')).status).toBe(404);
  });

  it('reports an unreachable target as a 502 problem', async () => {
    const app = consoleApp({ orchestratorUrl: 'http://127.0.0.1:9' });
    const res = await request(app).post('/console/api/executions').set('x-console', '1').set('content-type', 'application/json').send({ patientId: 'pat-knee-meets', procedureCode: '27447' });
    expect(res.status).toBe(502);
    expect(res.body.detail).toContain('unreachable');
  });
});

describe('createConsoleHub', () => {
  it('pushes a snapshot of the public APIs, and marks a missing orchestrator down instead of failing', async () => {
    const hub = createConsoleHub({ simulatorUrl, orchestratorUrl: 'http://127.0.0.1:9' }, 10);
    const snapshot = await new Promise<Parameters<Parameters<typeof hub.subscribe>[0]>[0]>((resolve) => {
      const off = hub.subscribe((s) => {
        off();
        resolve(s);
      });
    });
    hub.close();
    expect(snapshot.simulator.ok).toBe(true);
    expect(snapshot.orchestrator).toMatchObject({ configured: true, ok: false });
    expect(snapshot.supervisor).toMatchObject({ configured: false });
    expect(snapshot.clock).toMatchObject({ kind: 'virtual', factor: null });
    expect(snapshot.tasks).toEqual([]);
  });

  it('draws the model lane with the tokens and cost of each call, and sums the ledger of the execution per agent', async () => {
    // a stand-in orchestrator: one execution, no history yet
    const orchestrator = express()
      .get('/executions/ex-model', (_req, res) => res.json({ executionId: 'ex-model', status: 'RUNNING', input: {}, invocations: 1, operations: [] }))
      .get('/executions/ex-model/history', (_req, res) => res.json({ events: [] }))
      .listen(0, '127.0.0.1');
    await new Promise((r) => orchestrator.once('listening', r));
    try {
      const call = (text: string) => fetch(`${simulatorUrl}/model/anthropic.claude-3-5-sonnet-20240620-v1:0/converse`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'ex-model#1' },
        body: JSON.stringify({ messages: [{ role: 'user', content: [{ text }] }] }),
      });
      expect((await call('a short question')).status).toBe(200);
      expect((await call('a longer question, with a few more words in it to count')).status).toBe(200);
      const app = consoleApp({ orchestratorUrl: `http://127.0.0.1:${(orchestrator.address() as AddressInfo).port}` });
      const res = await request(app).get('/console/api/executions/ex-model');
      expect(res.status).toBe(200);
      const { model, events, svg } = res.body as { model: { calls: number; inputTokens: number; costUsd: number }; events: { lane: string; label: string; detail: { modelCall?: { inputTokens: number; outputTokens: number } } }[]; svg: string };
      expect(model.calls).toBe(2);
      expect(model.costUsd).toBeGreaterThan(0);
      const lane = events.filter((e) => e.lane === 'model');
      expect(lane).toHaveLength(2);
      // each mark carries its own call: the longer prompt spent more input tokens
      const [first, second] = lane.map((e) => e.detail.modelCall!);
      expect(second!.inputTokens).toBeGreaterThan(first!.inputTokens);
      expect(first!.inputTokens + second!.inputTokens).toBe(model.inputTokens);
      for (const e of lane) expect(e.label).toMatch(/ \+ \d+ tokens · \$/);
      expect(svg).toContain('>model gateway</text>');
    } finally {
      orchestrator.close();
    }
  });
});

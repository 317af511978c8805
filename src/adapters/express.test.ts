import type { IncomingMessage, Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { FaultRuleSchema, type FaultRuleInput } from '../contracts/faults.js';
import { createEngine } from '../core/engine.js';
import { createTestSystem } from '../core/faults/test-system.js';
import { createExpressApp } from './express.js';

const sys = createTestSystem();
const engine = createEngine({ systems: [sys.factory] });
let server: Server;
let base: string;

beforeAll(async () => {
  server = createExpressApp(engine).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => engine.faults.clear());

const arm = (fault: FaultRuleInput['fault'], match: FaultRuleInput['match'] = {}) => engine.faults.arm(FaultRuleSchema.parse({ match, fault }));
const getPatient = (init?: RequestInit) => fetch(`${base}/ehr/fhir/Patient/p-1`, init);
const submit = () => fetch(`${base}/payer/fhir/Claim/$submit`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":"Bundle"}' });

/** The network-level cause undici reports for a dropped connection. */
async function networkFailure(p: Promise<Response>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e as Error & { cause?: { code?: string; message?: string } });
  expect(err?.message).toBe('fetch failed');
  return `${err?.cause?.code ?? ''} ${err?.cause?.message ?? ''}`;
}

describe('express adapter: faults on a real socket', () => {
  it('answers normally without faults', async () => {
    const res = await getPatient();
    expect(res.status).toBe(200);
    expect((await res.json()).id).toBe('p-1');
  });

  it('connection-reset: fetch rejects and the handler never ran', async () => {
    arm({ kind: 'connection-reset' });
    const before = sys.commits();
    expect(await networkFailure(submit())).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
    expect(sys.commits()).toBe(before);
  });

  it('response-lost-after-commit: fetch rejects, yet the claim was committed', async () => {
    arm({ kind: 'response-lost-after-commit' }, { route: '/payer/fhir/Claim/$submit' });
    const before = sys.commits();
    expect(await networkFailure(submit())).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
    expect(sys.commits()).toBe(before + 1);
    expect(engine.journal.query({ fault: ['response-lost-after-commit'] }).at(-1)).toMatchObject({ outcome: 'reset', handled: true, status: 200 });
  });

  it.each([
    [503, 30],
    [429, 5],
  ])('http-status %i carries Retry-After', async (status, retryAfterSeconds) => {
    arm({ kind: 'http-status', status, retryAfterSeconds });
    const res = await getPatient();
    expect([res.status, res.headers.get('retry-after')]).toEqual([status, String(retryAfterSeconds)]);
    expect((await res.json()).resourceType).toBe('OperationOutcome');
  });

  it('http-status 502 sends an HTML gateway page; 401 a WWW-Authenticate challenge', async () => {
    arm({ kind: 'http-status', status: 502 });
    const bad = await getPatient();
    expect([bad.status, bad.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(await bad.text()).toContain('<h1>502 Bad Gateway</h1>');
    engine.faults.clear();
    arm({ kind: 'http-status', status: 401 });
    const unauth = await getPatient();
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('truncated-body: full Content-Length, a prefix, then the connection drops', async () => {
    arm({ kind: 'truncated-body', fraction: 0.5 });
    const res = await getPatient();
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(20);
    await expect(res.json()).rejects.toThrow();
  });

  it('malformed-json, wrong-content-type and empty-200 reach the client as such', async () => {
    arm({ kind: 'malformed-json' });
    await expect((await getPatient()).json()).rejects.toThrow(/JSON/);
    engine.faults.clear();
    arm({ kind: 'wrong-content-type' });
    const html = await getPatient();
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    await expect(html.json()).rejects.toThrow();
    engine.faults.clear();
    arm({ kind: 'empty-200' });
    const empty = await getPatient();
    expect([empty.status, empty.headers.get('content-length'), await empty.text()]).toEqual([200, '0', '']);
  });

  it('hang: no answer until the client gives up', async () => {
    arm({ kind: 'hang', capMs: 2_000 });
    const err = await getPatient({ signal: AbortSignal.timeout(200) }).catch((e: Error) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(engine.journal.query({ fault: ['hang'] }).at(-1)).toMatchObject({ outcome: 'hang', handled: false });
  });

  it('latency fixed 50 ms: the response takes at least that long in real time', async () => {
    arm({ kind: 'latency', distribution: { kind: 'fixed', ms: 50 } });
    const t0 = performance.now();
    const res = await getPatient();
    const elapsed = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(49); // setTimeout may fire up to 1 ms early by rounding
    expect(engine.journal.query({ fault: ['latency'] }).at(-1)!.faults[0]).toMatchObject({ kind: 'latency', latencyMs: 50 });
  });

  it('a client that goes away in the middle of its body is not a server error', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const before = engine.journal.query().length;
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const seen = new Promise<IncomingMessage>((resolve) => server.once('request', resolve));
      socket.write('POST /payer/fhir/Claim/$submit HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/fhir+json\r\ncontent-length: 1000\r\n\r\n{"resourceType"');
      const req = await seen;
      socket.destroy();
      await new Promise((resolve) => req.once('close', resolve));
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      // then it answers the next request as usual
      expect((await getPatient()).status).toBe(200);
      expect(errors.mock.calls.filter((c) => String(c[0]).includes('unhandled adapter error'))).toEqual([]);
      expect(engine.journal.query().slice(before).some((e) => e.url.includes('$submit') && e.status >= 500)).toBe(false);
    } finally {
      errors.mockRestore();
    }
  });
});

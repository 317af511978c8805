/**
 * The fuzz suite's slice through the real server (raw sockets on 127.0.0.1): what only a
 * socket can carry — hostile Host values, every method including TRACE and CONNECT, odd
 * request targets, bodies past the limit streamed chunked while a business-key fault rule is
 * armed, deeply nested JSON — plus generated requests, all held to the checks of
 * fuzz-harness.ts (no 5xx, no leaks, refused requests change nothing, none over 2 s).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { createSimulator, type Simulator } from '../../src/simulator.js';
import { createSimulatorServer } from '../../src/adapters/express.js';
import { VirtualClock } from '../../src/core/clock.js';
import { FaultRuleSchema } from '../../src/contracts/faults.js';
import { pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { anyRequest, type FuzzRequest } from './fuzz-requests.js';
import { checkAnswer, fuzzOne, newStats, recordResult, summary, type FuzzStats, type Target } from './fuzz-harness.js';
import { rawRequest, type RawAnswer, type RawRequest } from './raw-http.js';
import { observe, undeclared, type Observed } from './declared-statuses.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const GENERATED = Number(process.env.FUZZ_SERVER_RUNS ?? 400);
const LIMIT = 1_048_576;

let sim: Simulator;
let server: Server;
let port: number;
const stats: FuzzStats = newStats();
/** Statuses per operation, of requests with an ordinary Host (a hostile one is answered before routing). */
const observed: Observed = new Map();

beforeAll(async () => {
  sim = createSimulator({ config: { seed: 9 }, clock: new VirtualClock(), fetch: async () => new Response('{}') });
  server = createSimulatorServer(sim).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  console.log(`fuzz (server slice, seed ${SEED}): ${summary(stats)}`);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function snapshot(): Promise<string> {
  const claims = await (await sim.handle(new Request('http://sim.fuzz/__admin/claims'))).text();
  return `${claims}\n${JSON.stringify(sim.ledger.all())}`;
}

/** Send raw, record, and check the answer; returns it for case-specific expectations. */
async function send(req: RawRequest, operation = `${req.method} (raw)`): Promise<RawAnswer> {
  const before = await snapshot();
  const t0 = performance.now();
  const res = await rawRequest(port, { ...req, headers: { host: `127.0.0.1:${port}`, ...req.headers } });
  recordResult(stats, operation, res.status, performance.now() - t0, `${req.method} ${req.target.slice(0, 80)}`);
  if (!res.dropped && req.headers?.host === undefined && req.target.startsWith('/')) observe(observed, req.method, req.target, res.status);
  const problems = res.dropped ? ['the connection was dropped without an answer'] : checkAnswer(req, res.status, res.headers['content-type'] ?? '', res.body);
  if (res.status >= 400 && (await snapshot()) !== before) problems.push('a refused request changed the claim store or the ledger');
  if (problems.length) throw new Error(`${req.method} ${req.target} → ${res.status}: ${problems.join('; ')}\n${res.body.slice(0, 300)}`);
  return res;
}

const samplePath = (path: string) => path.replace(/:(\w+)/g, 'x');

// wall time of a whole case depends on the machine; each request's latency is what is judged (over 2 s fails)
jest.setTimeout(600_000);

describe('fuzz: the real server', () => {
  it('never lets the Host header route, link or crash: malformed → 400 problem/OperationOutcome, links from the base URL', async () => {
    await sim.handle(new Request('http://sim.fuzz/payer/fhir/Claim/$submit', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(pasBundle({ claimId: 'HOST-1' })) }));
    const claims = await snapshot();
    for (const host of ['127.0.0.1/__admin/reset#', `127.0.0.1:${port}/__admin/reset?`, 'x:99999', 'a b', '[::1', '[::1]:99999', 'evil.example:-1', 'h\u00e9', 'x'.repeat(300), 'a@b', '']) {
      for (const [method, target] of [['POST', '/ehr/fhir/metadata'], ['GET', '/payer/fhir/metadata'], ['GET', '/review/tasks']] as const) {
        const res = await send({ method, target, headers: { host } }, `${method} ${target} (hostile Host)`);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }
    }
    // nothing was reset by a Host pointing at /__admin/reset
    expect(await snapshot()).toBe(claims);
    const linked = await send({ method: 'GET', target: '/ehr/fhir/Patient?_count=1', headers: { host: 'evil.example' } });
    expect(linked.status).toBe(200);
    expect(linked.body).not.toContain('evil.example');
    expect(JSON.parse(linked.body).link[0].url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/ehr/fhir/Patient`));
  });

  it('answers every method on every route without a 5xx; unsupported ones 405 with Allow in the route family\'s format', async () => {
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'PURGE', 'REPORT', 'MKCALENDAR', 'LINK', 'UNLINK', 'QUERY', 'BIND'];
    const paths = [...new Set(sim.routes().map((r) => samplePath(r.path))), '/nowhere', '/ehr/fhir/nowhere/x/y'];
    for (const path of paths) {
      for (const method of methods) {
        const target = method === 'CONNECT' ? `127.0.0.1:${port}` : path;
        const res = await send({ method, target, headers: { 'content-type': 'application/json' }, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' }, `${method} (every method)`);
        if (['TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH', 'PURGE'].includes(method)) {
          expect(res.status).toBe(405);
          expect(res.headers.allow).toMatch(/OPTIONS/);
        }
      }
    }
  });

  it('refuses odd request targets and express-level errors in the API\'s format', async () => {
    for (const target of ['*', 'http://other.example/__admin/reset', '//double/slash', '/ehr/fhir/Patient/%E0%A4%A', '/ehr/fhir/Patient/%00', `/ehr/fhir/Patient?${'a=1&'.repeat(2000)}`, '/%2e%2e/%2e%2e/etc/passwd']) {
      await send({ method: 'POST', target, headers: { 'content-type': 'application/json' }, body: '{' }, 'odd target');
    }
    expect(JSON.parse((await send({ method: 'POST', target: '/__admin/reset', headers: { 'content-type': 'text/plain' }, body: 'x' })).body).status).toBe(415);
  });

  it('enforces the body limit before fault matching, chunked or not: a 20 MiB chunked $submit under a business-key fault rule is a 413', async () => {
    const rule = sim.faults.arm(FaultRuleSchema.parse({ id: 'bk', match: { businessKey: 'NEVER-SENT' }, fault: { kind: 'http-status', status: 503 } }));
    const declared = await send({ method: 'POST', target: '/payer/fhir/Claim/$submit', headers: { 'content-type': 'application/fhir+json', 'content-length': String(300 * 1024 * 1024) } }, 'oversized body');
    expect(declared.status).toBe(413);
    const chunked = await send({ method: 'POST', target: '/payer/fhir/Claim/$submit', headers: { 'content-type': 'application/fhir+json' }, chunkedBytes: 20 * LIMIT }, 'oversized body');
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-costly' }] });
    expect(sim.faults.list().find((r) => r.id === rule.id)).toMatchObject({ matched: 0 });
    sim.faults.clear();
  });

  it('refuses huge and deeply nested JSON and __proto__ keys with a 4xx', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    for (const body of [deep, `{"a":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_001)}`, '{"__proto__":{"polluted":true},"resourceType":"Bundle"}', `"${'x'.repeat(LIMIT - 10)}"`]) {
      for (const target of ['/payer/fhir/Claim/$submit', '/review/tasks', '/__admin/faults']) {
        const res = await send({ method: 'POST', target, headers: { 'content-type': target.includes('fhir') ? 'application/fhir+json' : 'application/json' }, body }, 'hostile body');
        expect(res.status).toBeGreaterThanOrEqual(400);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`answers ${GENERATED} generated requests through the socket`, async () => {
    const target: Target = {
      async send(req: FuzzRequest) {
        const res = await rawRequest(port, { method: req.method, target: req.target, headers: { host: `127.0.0.1:${port}`, ...req.headers }, ...(req.body !== undefined ? { body: req.body } : {}) });
        if (!res.dropped) observe(observed, req.method, req.target, res.status);
        return { status: res.dropped ? 599 : res.status, contentType: res.headers['content-type'] ?? '', body: res.body };
      },
      snapshot,
    };
    await fc.assert(fc.asyncProperty(anyRequest, async (req) => {
      try {
        await fuzzOne(target, stats, req);
      } finally {
        sim.faults.clear();
      }
    }), { seed: SEED + 1, numRuns: GENERATED, endOnFailure: true });
    expect(stats.byClass['5xx'] ?? 0).toBe(0);
    expect(stats.overBudget).toBe(0);
  }, 300_000);

  it('answered only statuses the OpenAPI document declares for the operation (or, for another method, the path)', () => {
    expect(observed.size).toBeGreaterThan(10);
    expect(undeclared(observed)).toEqual([]);
  });
});

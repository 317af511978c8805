/**
 * `$inquire` served four ways, the same bytes each time, under the same bounded load
 * (autocannon on 127.0.0.1 from a worker thread, interleaved rounds): a bare `node:http` server (the ceiling),
 * WireMock standalone (skipped with a notice when Java is missing), and the simulator as
 * `serve` runs it (Node's handler), and the same behind express (`createExpressApp`). Then, in the
 * same rounds, unique `$submit`s to the simulator (a new Idempotency-Key and new business
 * identifiers per request, the same clinical content), whose anchor is the same bare server.
 * In its own process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createSimulator } from '../src/simulator.js';
import { createExpressApp, createSimulatorServer } from '../src/adapters/express.js';
import { VirtualClock } from '../src/core/clock.js';
import { meetsCriteria, pasBundle } from '../src/payer/testing/pas-fixtures.js';
import { inquiryBundle } from '../src/payer/testing/payer-client.js';
import { emit, median } from './shapes.js';

const SECONDS = Number(process.argv[2] ?? 3);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 50;

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

async function simulator() {
  const sim = createSimulator({ config: { seed: 1 }, clock: new VirtualClock() });
  // as `serve` runs it: Node's handler, express only for the console's paths
  const server = createSimulatorServer(sim);
  const url = await listen(server);
  // the same simulator behind express (createExpressApp, for mounting it in an express app)
  const viaExpress = createServer(createExpressApp(sim));
  const expressUrl = await listen(viaExpress);
  const request = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') });
  const submitted = await fetch(`${url}/payer/fhir/Claim/$submit`, { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'idempotency-key': 'bench' }, body: JSON.stringify(request) });
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status}`);
  const body = JSON.stringify(inquiryBundle(request.entry[0]!.resource as Record<string, unknown>, request.identifier));
  const answer = await fetch(`${url}/payer/fhir/Claim/$inquire`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body });
  const bytes = Buffer.from(await answer.arrayBuffer());
  // unique-submit.cjs puts fresh identifiers where CLAIM-N and BUNDLE-N stand, and a fresh Idempotency-Key
  process.env.BENCH_SUBMIT_TEMPLATE = JSON.stringify(pasBundle({ procedure: 'lumbarMri', claimId: 'CLAIM-N', bundleId: 'BUNDLE-N', evidence: meetsCriteria('lumbarMri') }));
  return { server, viaExpress, url, expressUrl, body, bytes, contentType: answer.headers.get('content-type') ?? 'application/fhir+json' };
}

function bare(bytes: Buffer, contentType: string): Server {
  return createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length }).end(bytes));
  });
}

function wiremockJar(): string | undefined {
  if (spawnSync('java', ['-version']).status !== 0) return undefined;
  const dir = fileURLToPath(new URL('../node_modules/wiremock/build/', import.meta.url));
  const jar = existsSync(dir) ? readdirSync(dir).find((f) => /^wiremock-standalone-.*\.jar$/.test(f)) : undefined;
  return jar && dir + jar;
}

async function wiremock(jar: string, bytes: Buffer, contentType: string): Promise<{ proc: ChildProcess; url: string }> {
  const probe = createServer();
  const port = Number(new URL(await listen(probe)).port);
  await new Promise((r) => probe.close(r));
  const proc = spawn('java', ['-jar', jar, '--port', String(port), '--bind-address', '127.0.0.1', '--disable-banner'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${url}/__admin/mappings`, { method: 'POST', body: JSON.stringify({
        request: { method: 'POST', urlPath: '/payer/fhir/Claim/$inquire' },
        response: { status: 200, headers: { 'content-type': contentType }, base64Body: bytes.toString('base64') },
      }) });
      if (r.status === 201) return { proc, url };
    } catch {
      if (i > 300) throw new Error('WireMock did not start within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function load(url: string, body: string) {
  const r = await autocannon({ url: `${url}/payer/fhir/Claim/$inquire`, method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body, connections: CONNECTIONS, duration: SECONDS, workers: 1 });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function submitLoad(url: string) {
  const setupRequest = fileURLToPath(new URL('./unique-submit.cjs', import.meta.url));
  const r = await autocannon({ url, requests: [{ method: 'POST', path: '/payer/fhir/Claim/$submit', headers: { 'content-type': 'application/fhir+json' }, setupRequest: setupRequest as never }], connections: CONNECTIONS, duration: SECONDS, workers: 1 });
  if (r.non2xx || r.errors) throw new Error(`$submit: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

const sim = await simulator();
const bareServer = bare(sim.bytes, sim.contentType);
const targets: Record<string, string> = { bare: await listen(bareServer), simulator: sim.url, 'simulator-express': sim.expressUrl };
const jar = wiremockJar();
const wm = jar ? await wiremock(jar, sim.bytes, sim.contentType) : undefined;
if (wm) targets.wiremock = wm.url;
// warm-up (JIT, WireMock's JVM), then interleaved rounds so drifting load hits every target alike
for (const url of Object.values(targets)) await autocannon({ url: `${url}/payer/fhir/Claim/$inquire`, method: 'POST', body: sim.body, connections: CONNECTIONS, duration: 1, workers: 1 });
const rounds: Record<string, { rps: number; p50: number; p99: number }[]> = {};
const submits: { rps: number; p50: number; p99: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, url] of Object.entries(targets)) (rounds[name] ??= []).push(await load(url, sim.body));
  submits.push(await submitLoad(sim.url));
}
const summary = Object.fromEntries(Object.entries(rounds).map(([name, xs]) => [name, { rps: median(xs.map((x) => x.rps)), p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) }]));
wm?.proc.kill();
bareServer.close();
for (const s of [sim.server, sim.viaExpress]) {
  s.closeAllConnections();
  s.close();
}
const submit = { rps: median(submits.map((x) => x.rps)), p50: median(submits.map((x) => x.p50)), p99: median(submits.map((x) => x.p99)) };
emit({ responseBytes: sim.bytes.length, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, wiremockSkipped: jar ? undefined : 'java or the wiremock jar is missing', targets: summary, submit });

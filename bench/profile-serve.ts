/**
 * Where the simulator's time goes per request: a CPU profile of the simulator as `serve` runs it
 * (Node's handler, express only for the console; one stored claim) under bounded `$inquire` load (autocannon from a worker
 * thread, 127.0.0.1, 50 connections), summarised as the functions with the most self time.
 * Self-time shares, unlike rates, mean something on a busy machine.
 *
 *   node --import tsx bench/profile-serve.ts [seconds=5] [top=25] [path=inquire|patient|everything|submit]
 */
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createSimulator } from '../src/simulator.js';
import { createSimulatorServer } from '../src/adapters/express.js';
import { VirtualClock } from '../src/core/clock.js';
import { meetsCriteria, pasBundle } from '../src/payer/testing/pas-fixtures.js';
import { inquiryBundle } from '../src/payer/testing/payer-client.js';

const SECONDS = Number(process.argv[2] ?? 5);
const TOP = Number(process.argv[3] ?? 25);
const PATH = process.argv[4] ?? 'inquire';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const sim = createSimulator({ config: { seed: 1 }, clock: new VirtualClock() });
const server = createSimulatorServer(sim).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const request = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') });
const submitted = await fetch(`${url}/payer/fhir/Claim/$submit`, { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'idempotency-key': 'bench' }, body: JSON.stringify(request) });
if (submitted.status !== 200) throw new Error(`submit: ${submitted.status}`);

let n = 0;
const targets: Record<string, autocannon.Options> = {
  inquire: { url: `${url}/payer/fhir/Claim/$inquire`, method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(inquiryBundle(request.entry[0]!.resource as Record<string, unknown>, request.identifier)) },
  patient: { url: `${url}/ehr/fhir/Patient/pat-lumbar-meets` },
  everything: { url: `${url}/ehr/fhir/Patient/pat-lumbar-meets/$everything` },
  submit: {
    url: `${url}/payer/fhir/Claim/$submit`, method: 'POST',
    requests: [{ setupRequest: (req) => ({ ...req, headers: { 'content-type': 'application/fhir+json', 'idempotency-key': `k-${++n}` }, body: JSON.stringify({ ...request, identifier: { system: 'urn:bench', value: `b-${n}` } }) }) }],
  },
};
const target = targets[PATH];
if (!target) throw new Error(`path must be one of ${Object.keys(targets).join(', ')}`);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const result = await autocannon({ ...target, connections: 50, duration: SECONDS, workers: 1 });
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
session.disconnect();
server.close();

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)!.callFrame;
  const file = frame.url.replace(/^.*\/(node_modules\/)?/, (m) => (m.includes('node_modules') ? 'node_modules/' : ''));
  const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
console.log(`${PATH}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx; self time of the main thread:`);
for (const [key, us] of top) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);

// Inclusive time of the project's own functions (a sample counts once per function on its stack):
// where a request's time goes by the code that asked for it.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    if (!frame.url.includes('/src/') || frame.url.includes('node_modules')) continue;
    seen.add(`${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/src\//, 'src/')}`);
  }
  for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
console.log('inclusive time of src/ functions:');
for (const [key, us] of [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);

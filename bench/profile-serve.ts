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
import { printProfile, type CpuProfile } from './profile-summary.js';

const SECONDS = Number(process.argv[2] ?? 5);
const TOP = Number(process.argv[3] ?? 25);
const PATH = process.argv[4] ?? 'inquire';


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
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
session.disconnect();
server.close();

console.log(`${PATH}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx; the main thread's profile (inclusive: the project's own functions):`);
printProfile(profile, TOP, (name) => name.includes(' src/'));

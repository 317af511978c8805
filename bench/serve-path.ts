/**
 * The simulator's own cost per request on the path `serve` runs, without sockets: what the Node
 * handler builds from an incoming request (a plain header record, a Request with its body held
 * beside it), then `sim.dispatch` to the bytes the transport would write. CPU microseconds per
 * request for `$inquire` (one stored claim), `$submit` with unique keys and `GET Patient/{id}`; with `--profile`, the
 * functions with the most self and inclusive time. A tool for finding hot spots, not a target:
 * the targets are in `http-anchors.ts`, as ratios to a bare server.
 *
 *   node --import tsx bench/serve-path.ts [requests=20000] [--profile] [--top=30] [--journal=capacity] [--only=inquire,submit,patient]
 */
import { Session } from 'node:inspector/promises';
import { createSimulator } from '../src/simulator.js';
import { VirtualClock } from '../src/core/clock.js';
import { bufferedRequest } from '../src/core/held-body.js';
import { nodeRequest } from '../src/core/node-request.js';
import { meetsCriteria, pasBundle } from '../src/payer/testing/pas-fixtures.js';
import { inquiryBundle } from '../src/payer/testing/payer-client.js';
import { printProfile, type CpuProfile } from './profile-summary.js';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20000);
const PROFILE = process.argv.includes('--profile');
/** `--only=submit,inquire`: just those paths. */
/** `--top=N`: how many functions the profile lists. */
const TOP = Number(process.argv.find((a) => a.startsWith('--top='))?.slice('--top='.length) ?? 30);
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
/** `--journal=N`: the journal's capacity (default 10,000): `--journal=1` shows what keeping entries costs. */
const JOURNAL = process.argv.find((a) => a.startsWith('--journal='))?.slice('--journal='.length);
const sim = createSimulator({ config: { seed: 1, ...(JOURNAL ? { journal: { capacity: Number(JOURNAL) } } : {}) }, clock: new VirtualClock() });
const base = 'http://127.0.0.1:4010';
const request = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') });
const submitted = await sim.handle(new Request(`${base}/payer/fhir/Claim/$submit`, { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'idempotency-key': 'bench' }, body: JSON.stringify(request) }));
if (submitted.status !== 200) throw new Error(`submit: ${submitted.status}`);
const inquiry = Buffer.from(JSON.stringify(inquiryBundle(request.entry[0]!.resource as Record<string, unknown>, request.identifier)));
const incoming = { host: '127.0.0.1:4010', connection: 'keep-alive', 'content-type': 'application/fhir+json', 'content-length': String(inquiry.byteLength), 'user-agent': 'autocannon' };

/** As `createNodeHandler` builds it. */
function requestOf(path: string, method: string, body?: Uint8Array): Request {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(incoming)) headers[k] = v;
  return body ? bufferedRequest(base + path, method, headers, body) : nodeRequest(base + path, method, headers);
}
async function perRequest(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn();
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / N;
}
// unique `$submit`s: a new Idempotency-Key and new business identifiers each time, the same clinical content
const template = JSON.stringify(pasBundle({ procedure: 'lumbarMri', claimId: 'CLAIM-N', bundleId: 'BUNDLE-N', evidence: meetsCriteria('lumbarMri') }));
let submits = 0;
const paths = {
  inquire: async () => {
    const d = await sim.dispatch(requestOf('/payer/fhir/Claim/$inquire', 'POST', inquiry));
    if (d.wire?.status !== 200) throw new Error(`inquire: ${d.wire?.status ?? 'no wire'}`);
  },
  submit: async () => {
    const n = ++submits;
    const body = Buffer.from(template.replace('"CLAIM-N"', `"CLAIM-${n}"`).replace('"BUNDLE-N"', `"BUNDLE-${n}"`));
    const request = requestOf('/payer/fhir/Claim/$submit', 'POST', body);
    request.headers.set('idempotency-key', `key-${n}`);
    request.headers.set('content-length', String(body.byteLength));
    const d = await sim.dispatch(request);
    if (d.wire?.status !== 200) throw new Error(`submit: ${d.wire?.status ?? 'no wire'}`);
  },
  patient: async () => {
    const d = await sim.dispatch(requestOf('/ehr/fhir/Patient/pat-lumbar-meets', 'GET'));
    if (d.wire?.status !== 200) throw new Error(`patient: ${d.wire?.status ?? 'no wire'}`);
  },
};

const session = PROFILE ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
}
const cpuUs: Record<string, number> = {};
for (const [name, fn] of Object.entries(paths)) if (!ONLY || ONLY.includes(name)) cpuUs[name] = Math.round(10 * await perRequest(fn)) / 10;
console.log(JSON.stringify({ requests: N, cpuMicrosecondsPerRequest: cpuUs }));

if (session) {
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  printProfile(profile, TOP);
}

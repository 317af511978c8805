import { createSimulator } from '../src/simulator.js';
import { VirtualClock } from '../src/core/clock.js';
import { meetsCriteria, pasBundle } from '../src/payer/testing/pas-fixtures.js';
import { inquire, inquiryBundle, submit } from '../src/payer/testing/payer-client.js';
const kind = process.argv[2]!; const N = Number(process.argv[3] ?? 20000);
const sim = createSimulator({ config: { seed: 1, journal: { capacity: 1000 } }, clock: new VirtualClock() });
const evidence = meetsCriteria('lumbarMri');
const bs: any[] = [];
for (let i = 0; i < 100; i++) { const b = pasBundle({ procedure: 'lumbarMri', evidence, patientId: `p-${i}` }); bs.push(b); const r = await submit(sim, b, { 'idempotency-key': `k${i}` }); await r.arrayBuffer(); }
const gc = async () => { for (let i = 0; i < 3; i++) { (globalThis as any).gc(); await new Promise((r) => setTimeout(r, 10)); } };
const m = () => { const u = process.memoryUsage(); return `rss ${(u.rss/1048576).toFixed(0)} heap ${(u.heapUsed/1048576).toFixed(0)} ext ${(u.external/1048576).toFixed(0)} ab ${(u.arrayBuffers/1048576).toFixed(0)}`; };
async function one(i: number) {
  if (kind === 'ehr') { const r = await sim.handle(new Request('http://sim.test/ehr/fhir/Patient/pat-lumbar-meets')); await r.arrayBuffer(); }
  else if (kind === 'inquire') { const b = bs[i % 100]; const r = await inquire(sim, inquiryBundle({ identifier: b.entry[0].resource.identifier })); await r.arrayBuffer(); }
  else if (kind === 'bare') { const r = new Response(JSON.stringify({ a: 'x'.repeat(3000) })); await r.arrayBuffer(); }
  else if (kind === 'rebuild') { const q0 = new Request('http://x/y', { method: 'POST', body: JSON.stringify({ a: 'x'.repeat(3000) }) }); const b = new Uint8Array(await q0.arrayBuffer()); const q = new Request(q0.url, { method: 'POST', headers: new Headers(q0.headers), body: b, signal: q0.signal }); await q.text(); }
  else if (kind === 'rebuild-nosignal') { const q0 = new Request('http://x/y', { method: 'POST', body: JSON.stringify({ a: 'x'.repeat(3000) }) }); const b = new Uint8Array(await q0.arrayBuffer()); const q = new Request(q0.url, { method: 'POST', headers: new Headers(q0.headers), body: b }); await q.text(); }
  else if (kind === 'inquire-raw') { const b = bs[i % 100]; const r = await sim.handle(new Request('http://sim.test/payer/fhir/Claim/$inquire', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(inquiryBundle({ identifier: b.entry[0].resource.identifier })) })); await r.arrayBuffer(); }
  else if (kind === 'reqbody') { const q = new Request('http://x/y', { method: 'POST', body: JSON.stringify({ a: 'x'.repeat(3000) }) }); await q.text(); }
}
for (let i = 0; i < 5000; i++) await one(i);
await gc(); console.log(kind, 'after warm-up', m());
for (let i = 0; i < N; i++) await one(i);
await gc(); console.log(kind, `after ${N}`, m());

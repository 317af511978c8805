import fc from 'fast-check';
import { anyRequest } from '../test/fuzz/fuzz-requests.ts';
import { createSimulator } from '../src/simulator.ts';
import { VirtualClock } from '../src/core/clock.ts';
const sim = createSimulator({ config: { seed: 7, review: { behaviour: 'approve', delaySeconds: 60 } }, clock: new VirtualClock(), fetch: async () => new Response('{}') });
const xs = fc.sample(anyRequest, { numRuns: 1500, seed: 20261129 });
const per = new Map<string, [number, number]>();
let snap = 0;
const t0 = performance.now();
for (const [i, req] of xs.entries()) {
  const s0 = performance.now();
  await (await sim.handle(new Request('http://sim.fuzz/__admin/claims'))).text();
  JSON.stringify(sim.ledger.all());
  snap += performance.now() - s0;
  const t = performance.now();
  const res = await sim.handle(new Request('http://sim.fuzz' + req.target, { method: req.method, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) }));
  await res.text();
  const e = per.get(req.operation) ?? [0, 0]; e[0] += performance.now() - t; e[1]++; per.set(req.operation, e);
  sim.faults.clear();
  if (i % 250 === 0) sim.reset();
}
console.log('total', performance.now() - t0, 'snap', snap);
console.log([...per].sort((a, b) => b[1][0] - a[1][0]).slice(0, 8).map(([k, [ms, n]]) => `${k} ${ms.toFixed(0)}ms/${n}`).join('\n'));

/**
 * The bulk of the fuzz suite, in process through `sim.handle` (no sockets, so thousands of
 * requests take seconds): requests generated from the OpenAPI document and the zod-derived
 * schemas, every operation equally often, checked by fuzz-harness.ts. Seeded: FUZZ_SEED
 * overrides the default, and a failure prints fast-check's seed and shrunk counterexample.
 */
import fc from 'fast-check';
import { createSimulator } from '../../src/simulator.js';
import { VirtualClock } from '../../src/core/clock.js';
import { anyRequest, OPERATIONS, type FuzzRequest } from './fuzz-requests.js';
import { fuzzOne, newStats, summary, type Target } from './fuzz-harness.js';
import { observe, undeclared, type Observed } from './declared-statuses.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 9_000);
const BASE = 'http://sim.fuzz';

function inProcessTarget() {
  const outbound: string[] = [];
  const sim = createSimulator({
    config: { seed: 7, review: { behaviour: 'approve', delaySeconds: 60 }, outbound: { allowHosts: ['127.0.0.1', 'receiver.fuzz'] } },
    clock: new VirtualClock(),
    // the simulator's own deliveries (review decisions, notifications) land here: no network
    fetch: async (input) => {
      outbound.push(String(input));
      return new Response('{}', { status: 200 });
    },
  });
  const observed: Observed = new Map();
  const target: Target = {
    async send(req: FuzzRequest) {
      const res = await sim.handle(new Request(BASE + req.target, { method: req.method, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) }));
      observe(observed, req.method, req.target, res.status);
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
    },
    async snapshot() {
      const claims = await (await sim.handle(new Request(`${BASE}/__admin/claims`))).text();
      return `${claims}\n${JSON.stringify(sim.ledger.all())}`;
    },
  };
  return { sim, target, outbound, observed };
}

describe('fuzz: generated requests in process', () => {
  it(`answers ${RUNS} generated requests across every operation: no 5xx, no leaks, no state change on refusal, none over 2 s`, async () => {
    const { sim, target, observed } = inProcessTarget();
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(anyRequest, async (req) => {
        try {
          await fuzzOne(target, stats, req);
        } finally {
          // an armed fault rule would answer later requests with injected 5xx: the fuzz tests the API, not its fault engine
          sim.faults.clear();
          // a fresh generation now and then keeps the snapshot (every claim) small
          if (stats.requests % 250 === 0) sim.reset();
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`fuzz (in process, seed ${SEED}): ${summary(stats)}`);
    expect(stats.operations.size).toBe(OPERATIONS.length);
    expect(stats.requests).toBeGreaterThanOrEqual(RUNS);
    expect(stats.byClass['5xx'] ?? 0).toBe(0);
    expect(stats.overBudget).toBe(0);
    // the OpenAPI document declares every status an operation answered
    expect(undeclared(observed)).toEqual([]);
    expect(observed.size).toBeGreaterThan(OPERATIONS.length / 2);
  }, 600_000);
});

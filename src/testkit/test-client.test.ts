/**
 * The test client behaves like a correct prior-auth client: one Idempotency-Key across retries
 * of a submission (503 with Retry-After, a reset connection), and a refreshed token after a 401.
 */
import { createSimulator } from '../simulator.js';
import { meetsCriteria, pasBundle } from '../payer/testing/pas-fixtures.js';
import { createTestClient } from './test-client.js';

const bundle = () => pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') });
const submitKeys = (sim: ReturnType<typeof createSimulator>) => sim.journal.query({}).filter((e) => e.url.includes('$submit')).map((e) => e.requestHeaders['idempotency-key']);

describe('createTestClient', () => {
  it('retries a 503 with the same key, waiting what Retry-After says', async () => {
    const sim = createSimulator({ config: { seed: 3 } });
    sim.faults.arm({ match: { route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n: 2 }, fault: { kind: 'http-status', status: 503, retryAfterSeconds: 1 } });
    const waits: number[] = [];
    const client = createTestClient({ baseUrl: 'http://sim.test', fetch: sim.handle, sleep: async (ms) => void waits.push(ms) });
    const r = await client.submit(bundle());
    expect(r).toMatchObject({ status: 200, attempts: 3 });
    expect(r.reviewActions[0]?.code).toBe('A1');
    expect(waits).toEqual([1000, 1000]);
    expect(new Set(submitKeys(sim))).toEqual(new Set([r.idempotencyKey]));
    expect(sim.ledger.totals().claims).toBe(1);
  });

  it('repeats a submission whose response was lost with the same key, and the payer replays it', async () => {
    const sim = createSimulator({ config: { seed: 3 } });
    sim.faults.arm({ match: { route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'response-lost-after-commit' } });
    const client = createTestClient({ baseUrl: 'http://sim.test', fetch: sim.handle, sleep: async () => {} });
    const r = await client.submit(bundle());
    expect(r).toMatchObject({ status: 200, attempts: 2, replayed: true });
    expect(sim.ledger.totals().claims).toBe(1);
  });

  it('does not retry an unkeyed inquiry after a network error', async () => {
    const sim = createSimulator({ config: { seed: 3 } });
    sim.faults.arm({ match: { route: '/payer/fhir/Claim/$inquire' }, fault: { kind: 'connection-reset' } });
    const client = createTestClient({ baseUrl: 'http://sim.test', fetch: sim.handle, sleep: async () => {} });
    await expect(client.inquire({ resourceType: 'Bundle' })).rejects.toThrow();
  });

  it('asks the token provider again after a 401 and sends the fresh token', async () => {
    const sim = createSimulator({ config: { seed: 3 } });
    const seen: string[] = [];
    const guarded = async (req: Request) => {
      seen.push(req.headers.get('authorization') ?? '');
      return req.headers.get('authorization') === 'Bearer fresh' ? sim.handle(req) : new Response(null, { status: 401 });
    };
    const client = createTestClient({ baseUrl: 'http://sim.test', fetch: guarded, auth: { token: ({ refresh }) => (refresh ? 'fresh' : 'stale') } });
    const r = await client.submit(bundle());
    expect(r.status).toBe(200);
    expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('lets an authorize hook rewrite each request', async () => {
    const sim = createSimulator({ config: { seed: 3 } });
    const tenants: (string | null)[] = [];
    const recording = (req: Request) => {
      tenants.push(req.headers.get('x-tenant'));
      return sim.handle(req);
    };
    const client = createTestClient({ baseUrl: 'http://sim.test', fetch: recording, auth: { authorize: (req) => { req.headers.set('x-tenant', 't1'); return req; } } });
    expect((await client.request('/ehr/fhir/metadata')).status).toBe(200);
    expect(tenants).toEqual(['t1']);
  });
});

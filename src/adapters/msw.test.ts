import { setupServer } from 'msw/node';
import { FaultRuleSchema } from '../contracts/faults.js';
import { createEngine } from '../core/engine.js';
import { createTestSystem } from '../core/faults/test-system.js';
import { createHandlers } from './msw.js';

const sys = createTestSystem();
const engine = createEngine({ systems: [sys.factory] });
const server = setupServer(...createHandlers(engine, { origin: 'http://sim.test' }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => engine.faults.clear());

const arm = (fault: unknown, match: unknown = {}) => engine.faults.arm(FaultRuleSchema.parse({ match, fault }));
const submit = () => fetch('http://sim.test/payer/fhir/Claim/$submit', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":"Bundle"}' });

describe('msw adapter', () => {
  it('serves the simulator in-process at its origin', async () => {
    const res = await fetch('http://sim.test/ehr/fhir/Patient/p-9');
    expect(res.status).toBe(200);
    expect((await res.json()).id).toBe('p-9');
    expect(engine.journal.query().at(-1)).toMatchObject({ url: '/ehr/fhir/Patient/p-9', status: 200 });
  });

  it('connection-reset becomes a network error: fetch rejects and nothing commits', async () => {
    arm({ kind: 'connection-reset' }, { system: 'payer' });
    const before = sys.commits();
    await expect(submit()).rejects.toThrow('Failed to fetch');
    expect(sys.commits()).toBe(before);
  });

  it('response-lost-after-commit: fetch rejects, the claim committed', async () => {
    arm({ kind: 'response-lost-after-commit' });
    const before = sys.commits();
    await expect(submit()).rejects.toThrow();
    expect(sys.commits()).toBe(before + 1);
  });

  it('http-status and after-faults pass through as responses', async () => {
    arm({ kind: 'http-status', status: 429, retryAfterSeconds: 3 });
    const res = await fetch('http://sim.test/ehr/fhir/Patient/p-1');
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '3']);
    engine.faults.clear();
    arm({ kind: 'truncated-body' });
    await expect((await fetch('http://sim.test/ehr/fhir/Patient/p-1')).json()).rejects.toThrow();
  });

  it('hang: no answer until the client gives up; latency waits through msw delay', async () => {
    arm({ kind: 'hang', capMs: 5_000 });
    const err = await fetch('http://sim.test/ehr/fhir/Patient/p-1', { signal: AbortSignal.timeout(100) }).catch((e: Error) => e);
    expect((err as Error).name).toMatch(/TimeoutError|AbortError/);
    engine.faults.clear();
    arm({ kind: 'latency', distribution: { kind: 'fixed', ms: 40 } });
    const t0 = performance.now();
    expect((await fetch('http://sim.test/ehr/fhir/Patient/p-1')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(39);
  });
});

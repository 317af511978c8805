/**
 * `sim.faults.arm()` in code refuses exactly what `POST /__admin/faults` refuses, with the
 * field named: a route no simulator route can match, an unknown schedule, a bad fault.
 */
import { createSimulator } from '../../simulator.js';
import { OperationOutcomeError } from '../operation-outcome.js';

const sim = createSimulator({ config: { seed: 1 } });
const viaAdmin = (rule: unknown) => sim.handle(new Request('http://sim.test/__admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) }));

const refused: Array<[string, unknown, RegExp]> = [
  ['a route no simulator route matches', { match: { route: '/nope/x' }, fault: { kind: 'connection-reset' } }, /match\.route/],
  ['an unknown schedule', { schedule: { kind: 'sometimes' }, fault: { kind: 'connection-reset' } }, /schedule/],
  ['a status outside 400–599', { fault: { kind: 'http-status', status: 200 } }, /fault\.status/],
  ['no fault at all', { match: { system: 'payer' } }, /fault/],
];

describe('faults.arm validation', () => {
  afterEach(() => sim.faults.clear());

  it.each(refused)('refuses %s in code and over the admin API', async (_what, rule, field) => {
    let thrown: unknown;
    try {
      sim.faults.arm(rule as never);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(OperationOutcomeError);
    expect((thrown as OperationOutcomeError).status).toBe(400);
    expect((thrown as Error).message).toMatch(field);
    expect(sim.faults.list()).toEqual([]);
    const res = await viaAdmin(rule);
    expect(res.status).toBe(400);
    expect(sim.faults.list()).toEqual([]);
  });

  it('arms a valid rule with its defaults filled in, as the admin API does', async () => {
    const armed = sim.faults.arm({ id: 'r1', match: { route: '/payer/fhir/Claim/$submit' }, fault: { kind: 'http-status', status: 503 } });
    expect(armed).toMatchObject({ id: 'r1', schedule: { kind: 'always' }, fault: { body: 'auto' } });
    const res = await viaAdmin({ id: 'r2', match: { route: '/payer/fhir/Claim/$submit' }, fault: { kind: 'http-status', status: 503 } });
    expect(res.status).toBe(201);
    expect(sim.faults.list().map((r) => r.id)).toEqual(['r1', 'r2']);
  });
});

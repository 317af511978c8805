import { assertFaultRoutes, routeCanMatch } from './route-check.js';
import { createSimulator } from '../../simulator.js';

const patterns = ['/payer/fhir/Claim/$submit', '/payer/policies/:code', '/ehr/fhir/Patient/:id/$everything'];

describe('fault rule routes', () => {
  it('accepts prefixes and globs some route can produce, refuses the rest', () => {
    for (const ok of ['/payer', '/payer/', '/payer/policies', '/payer/policies/27447', '/ehr/fhir/Patient/p1/$everything', '/payer/**', '/ehr/fhir/Patient/*/$everything']) expect([ok, routeCanMatch(ok, patterns)]).toEqual([ok, true]);
    for (const bad of ['/payer/policies/{code}', '/payer/fhir/Claim/$submitx', '/pay', '/review/**']) expect([bad, routeCanMatch(bad, patterns)]).toEqual([bad, false]);
  });

  it('names the field of the first rule that can never match', () => {
    expect(() => assertFaultRoutes([{ match: { route: '/payer' } }, { match: { route: '/payer/policies/{code}' } }], patterns))
      .toThrow(/faults\[1\]\.match\.route: "\/payer\/policies\/\{code\}" matches no simulator route/);
  });

  it('a simulator refuses such a rule in its configuration, in a reset and over POST /__admin/faults (400, nothing armed)', async () => {
    const bad = { id: 'typo', match: { route: '/payer/policies/{code}' }, fault: { kind: 'empty-200' as const } };
    expect(() => createSimulator({ config: { faults: [bad] } })).toThrow(/faults\[0\]\.match\.route/);
    const sim = createSimulator();
    expect(() => sim.reset({ faults: [bad] })).toThrow(/faults\[0\]\.match\.route/);
    const res = await sim.handle(new Request('http://sim/__admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bad) }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('body[0].match.route');
    expect(sim.faults.list()).toEqual([]);
  });
});

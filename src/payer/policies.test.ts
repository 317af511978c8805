import { ProcedureCodes } from '../contracts/clinical-codes.js';
import { CoveragePolicySchema } from '../contracts/policy.js';
import { ProblemSchema } from '../contracts/fhir-base.js';
import { createSimulator } from '../simulator.js';

const get = (code: string) => createSimulator().handle(new Request(`http://sim.test/payer/policies/${code}`));

describe('GET /payer/policies/:code', () => {
  it.each(Object.values(ProcedureCodes))('serves the policy for $code ($display)', async ({ code, system }) => {
    const res = await get(code);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const policy = CoveragePolicySchema.parse(await res.json());
    expect(policy).toMatchObject({ code, system, requiresPriorAuth: true, turnaround: { standardDays: 7, expeditedHours: 72 } });
    expect(policy.criteria.length).toBeGreaterThanOrEqual(2);
    for (const c of policy.criteria) expect(c.description.length).toBeGreaterThan(10);
  });

  it('lumbar MRI: 6 weeks of therapy unless red flags, with a progress note', async () => {
    const policy = CoveragePolicySchema.parse(await (await get('72148')).json());
    expect(policy.criteria).toContainEqual(expect.objectContaining({ kind: 'therapy-duration', minDays: 42 }));
    expect(policy.criteria).toContainEqual(expect.objectContaining({ kind: 'red-flag-bypass', bypasses: ['conservative-therapy-6-weeks'] }));
    expect(policy.requiredDocuments[0]).toMatchObject({ system: 'http://loinc.org', code: '11506-3' });
  });

  it('answers 404 problem JSON for an unknown code', async () => {
    const res = await get('99999');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.detail).toContain('coverage policy for code "99999"');
  });
});

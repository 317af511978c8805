/**
 * The simulator's API as a contract: the shipped contract checks (src/testkit/contract, also
 * run by `prior-auth-sim contract --base-url`), each as its own test, against every target —
 * in-process, express, msw, and an external base URL when PRIOR_AUTH_SIM_BASE_URL is set.
 */
import { CONTRACT_CHECKS } from '../../src/testkit/contract/contract-checks.js';
import { PasResponseBundleSchema } from '../../src/contracts/pas.js';
import { meetsCriteria, pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { contractTargets, type ContractTarget } from './targets.js';

const BODY_LIMIT = 10_000;
const open = CONTRACT_CHECKS.filter((c) => !c.needs).map((c) => [c.id, c] as const);

describe.each(contractTargets())('API contract on %s', (name, makeTarget) => {
  let t: ContractTarget;
  beforeAll(async () => {
    t = await makeTarget({ bodyLimitBytes: BODY_LIMIT, payer: { rules: { '27447': { decision: 'A4', pendSeconds: 3600, finalDecision: 'A1' } } } });
  });
  afterAll(() => t.close());

  it.each(open)('%s', async (_id, check) => {
    await check.run(t, name === 'external' ? {} : { bodyLimitBytes: BODY_LIMIT });
  });

  it('a claim the configured payer pends is answered queued', async () => {
    if (!t.controllable) return;
    const res = await t.fetch('/payer/fhir/Claim/$submit', { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'idempotency-key': `pend-${name}` }, body: JSON.stringify(pasBundle({ procedure: 'totalKnee', evidence: meetsCriteria('totalKnee') })) });
    expect(PasResponseBundleSchema.parse(await res.json()).entry[0].resource.outcome).toBe('queued');
  });
});

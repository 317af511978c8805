import { createSimulator } from '../simulator.js';
import { meetsCriteria, pasBundle } from './testing/pas-fixtures.js';
import { inquire, inquiryBundle, parseOk, submitOk } from './testing/payer-client.js';

describe('payer $inquire', () => {
  const setup = async () => {
    const sim = createSimulator({ config: { seed: 3 } });
    const submitted = await submitOk(sim, pasBundle({ claimId: 'Q-1', bundleId: 'QB-1', evidence: meetsCriteria('lumbarMri') }));
    return { sim, submitted, preAuthRef: submitted.entry[0].resource.preAuthRef };
  };

  it('matches by Claim.identifier and answers the current response Bundle', async () => {
    const { sim, preAuthRef } = await setup();
    const res = await parseOk(await inquire(sim, inquiryBundle({ identifier: [{ system: 'urn:trnorg:1234567890', value: 'Q-1' }] })));
    expect(res.entry[0].resource.preAuthRef).toBe(preAuthRef);
    expect(res.identifier).toEqual({ system: 'urn:example:submitter-transaction', value: 'QB-1' });
  });

  it('matches by Bundle.identifier, and by patient + provider + code', async () => {
    const { sim, preAuthRef } = await setup();
    const byBundle = await parseOk(await inquire(sim, inquiryBundle({}, { system: 'urn:example:submitter-transaction', value: 'QB-1' })));
    expect(byBundle.entry[0].resource.preAuthRef).toBe(preAuthRef);
    const byParties = await parseOk(await inquire(sim, inquiryBundle({
      patient: { reference: 'Patient/pat-1' }, provider: { reference: 'Practitioner/dr-1' },
      item: [{ productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72148' }] } }],
    })));
    expect(byParties.entry[0].resource.preAuthRef).toBe(preAuthRef);
  });

  it('answers 404 with an OperationOutcome when nothing matches, and 400 when the first entry is not a Claim', async () => {
    const { sim } = await setup();
    const missing = await inquire(sim, inquiryBundle({ identifier: [{ system: 'urn:trnorg:1234567890', value: 'NOPE' }] }));
    expect(missing.status).toBe(404);
    const oo = (await missing.json()) as { resourceType: string; issue: { code: string; diagnostics: string }[] };
    expect(oo).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    expect(oo.issue[0]!.diagnostics).toContain('urn:trnorg:1234567890|NOPE');
    const wrong = await inquire(sim, { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient' } }] });
    expect(wrong.status).toBe(400);
  });
});

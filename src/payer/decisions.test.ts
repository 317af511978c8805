import { ProcedureCodes } from '../contracts/clinical-codes.js';
import { PasExtensions } from '../contracts/pas.js';
import type { PayerConfigInput } from '../contracts/payer-config.js';
import type { VirtualClock } from '../core/clock.js';
import { createSimulator } from '../simulator.js';
import { meetsCriteria, pasBundle } from './testing/pas-fixtures.js';
import { inquire, inquiryBundle, parseOk, reviewActions, submitOk } from './testing/payer-client.js';

const MRI = ProcedureCodes.lumbarMri.code;
const simWith = (rules: PayerConfigInput['rules']) => createSimulator({ config: { seed: 1, payer: { rules } } });
const detail = (res: Awaited<ReturnType<typeof submitOk>>) =>
  res.entry[0].resource.item[0]!.extension?.find((e) => e.url === PasExtensions.itemAuthorizedDetail)?.extension;

describe('forced decisions per procedure code', () => {
  it('A1 certifies in total', async () => {
    const res = await submitOk(simWith({ [MRI]: { decision: 'A1' } }), pasBundle());
    expect(res.entry[0].resource.outcome).toBe('complete');
    expect(reviewActions(res)[0]!.code).toBe('A1');
  });

  it('A2 certifies fewer units than requested, outcome partial', async () => {
    const res = await submitOk(simWith({ [MRI]: { decision: 'A2', authorizedQuantity: 2 } }), pasBundle({ quantity: 5 }));
    expect(res.entry[0].resource.outcome).toBe('partial');
    expect(reviewActions(res)[0]!.code).toBe('A2');
    expect(detail(res)).toContainEqual({ url: 'quantity', valueQuantity: { value: 2 } });
    expect(res.entry[0].resource.preAuthPeriod).toBeDefined();
  });

  it('A3 denies with a specific reason and no certification period', async () => {
    const res = await submitOk(simWith({ [MRI]: { decision: 'A3', reason: 'Imaging not indicated before 6 weeks of therapy' } }), pasBundle());
    const [action] = reviewActions(res);
    expect(action).toMatchObject({ code: 'A3', reason: { code: 'payer-rule', text: 'Imaging not indicated before 6 weeks of therapy' } });
    expect(res.entry[0].resource.preAuthPeriod).toBeUndefined();
    expect(res.entry[0].resource.processNote?.[0]?.text).toBe('Imaging not indicated before 6 weeks of therapy');
  });

  it('A6 authorizes a modified service (different product and units)', async () => {
    const authorizedCode = { system: ProcedureCodes.lumbarMri.system, code: '72158', display: 'MRI lumbar spine with and without contrast' };
    const res = await submitOk(simWith({ [MRI]: { decision: 'A6', authorizedCode, authorizedQuantity: 1 } }), pasBundle());
    expect(reviewActions(res)[0]!.code).toBe('A6');
    expect(detail(res)).toEqual([
      { url: 'productOrServiceCode', valueCodeableConcept: { coding: [authorizedCode] } },
      { url: 'quantity', valueQuantity: { value: 1 } },
    ]);
  });

  it('CT asks the provider to contact the payer', async () => {
    const res = await submitOk(simWith({ [MRI]: { decision: 'CT' } }), pasBundle());
    expect(reviewActions(res)[0]).toMatchObject({ code: 'CT', reason: { code: 'contact-payer' } });
  });

  it('A4 pends (outcome queued) and is decided after pendSeconds of clock time, firing onDecision', async () => {
    const sim = simWith({ [MRI]: { decision: 'A4', pendSeconds: 3600, finalDecision: 'A3', reason: 'Pended for medical director review' } });
    const body = pasBundle({ claimId: 'PEND-1' });
    const first = await submitOk(sim, body);
    expect(first.entry[0].resource.outcome).toBe('queued');
    expect(reviewActions(first)[0]).toMatchObject({ code: 'A4', reason: { text: 'Pended for medical director review' } });

    const ask = () => inquire(sim, inquiryBundle({ identifier: [{ system: 'urn:trnorg:1234567890', value: 'PEND-1' }] })).then(parseOk);
    await (sim.clock as VirtualClock).advance(3_599_000);
    expect(reviewActions(await ask())[0]!.code).toBe('A4');
    await (sim.clock as VirtualClock).advance(1000);
    const final = await ask();
    expect(final.entry[0].resource.outcome).toBe('complete');
    expect(reviewActions(final)[0]!.code).toBe('A3');
    expect(final.entry[0].resource.preAuthRef).toBe(first.entry[0].resource.preAuthRef);
    expect(sim.ledger.totals().claims).toBe(1);
  });

  it('A4 with pendInquiries is decided by the N-th $inquire; finalDecision "evidence" applies the policy', async () => {
    const sim = simWith({ [MRI]: { decision: 'A4', pendInquiries: 2 } });
    await submitOk(sim, pasBundle({ claimId: 'PEND-2', evidence: meetsCriteria('lumbarMri') }));
    const query = inquiryBundle({ identifier: [{ system: 'urn:trnorg:1234567890', value: 'PEND-2' }] });
    expect(reviewActions(await parseOk(await inquire(sim, query)))[0]!.code).toBe('A4');
    expect(reviewActions(await parseOk(await inquire(sim, query)))[0]!.code).toBe('A1');
  });
});

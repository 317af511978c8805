import { DiagnosisCodes, DocumentTypes, MedicationCodes, ObservationCodes, TherapyCodes, type ProcedureKey } from '../contracts/clinical-codes.js';
import type { VirtualClock } from '../core/clock.js';
import { createSimulator } from '../simulator.js';
import { ev, meetsCriteria, pasBundle } from './testing/pas-fixtures.js';
import { inquire, inquiryBundle, parseOk, reviewActions, submitOk } from './testing/payer-client.js';

const decide = async (procedure: ProcedureKey, evidence: ReturnType<typeof meetsCriteria>, extra: Parameters<typeof pasBundle>[0] = {}) =>
  reviewActions(await submitOk(createSimulator({ config: { seed: 1 } }), pasBundle({ procedure, evidence, ...extra })))[0]!;

describe('evidence-driven adjudication', () => {
  it.each(['lumbarMri', 'totalKnee', 'polysomnography', 'semaglutide'] as const)('%s: all criteria met → A1', async (p) => {
    expect((await decide(p, meetsCriteria(p))).code).toBe('A1');
  });

  it('lumbar MRI: 3 weeks of therapy → A3 naming the conservative-therapy criterion', async () => {
    const action = await decide('lumbarMri', [ev.procedure(TherapyCodes.physicalTherapy, 25, 4), ev.document(DocumentTypes.progressNote)]);
    expect(action.code).toBe('A3');
    expect(action.reason?.code).toBe('conservative-therapy-6-weeks');
    expect(action.reason?.text).toContain('21 days documented, policy requires at least 42');
  });

  it('lumbar MRI: a red flag waives therapy and the progress note → A1', async () => {
    const action = await decide('lumbarMri', [], { diagnoses: [DiagnosisCodes.caudaEquina] });
    expect(action.code).toBe('A1');
  });

  it('total knee: BMI 42 → A3 with the BMI reason', async () => {
    const evidence = meetsCriteria('totalKnee').filter((r) => !JSON.stringify(r).includes(ObservationCodes.bmi.code));
    const action = await decide('totalKnee', [...evidence, ev.observation(ObservationCodes.bmi, 42, 'kg/m2')]);
    expect(action).toMatchObject({ code: 'A3', reason: { code: 'bmi-under-40' } });
    expect(action.reason?.text).toContain('latest value 42 kg/m2, policy requires < 40');
  });

  it('polysomnography: low screening scores → A3 on the screening criterion', async () => {
    const action = await decide('polysomnography', [
      ev.observation(ObservationCodes.stopBang, 2, '{score}'), ev.observation(ObservationCodes.epworth, 8, '{score}'),
      ev.condition(DiagnosisCodes.copd), ev.document(DocumentTypes.sleepStudyReferral),
    ]);
    expect(action).toMatchObject({ code: 'A3', reason: { code: 'positive-screening-score' } });
  });

  it('semaglutide: HbA1c 6.4% → A3; a stale HbA1c counts as missing', async () => {
    const metformin = ev.medication(MedicationCodes.metformin, 200, 5);
    expect(await decide('semaglutide', [ev.observation(ObservationCodes.hba1c, 6.4, '%'), metformin])).toMatchObject({ code: 'A3', reason: { code: 'hba1c-7-percent' } });
    expect((await decide('semaglutide', [ev.observation(ObservationCodes.hba1c, 9, '%', 400), metformin])).code).toBe('A4');
  });

  it('semaglutide: more pens than the policy allows → A2 with the policy maximum', async () => {
    const action = await decide('semaglutide', meetsCriteria('semaglutide'), { quantity: 6 });
    expect(action).toMatchObject({ code: 'A2', reason: { code: 'units-exceed-policy' } });
  });

  it('missing required document → A4 pended, then A3 "documentation not received" after the wait', async () => {
    const sim = createSimulator({ config: { seed: 1 } });
    const evidence = meetsCriteria('totalKnee').filter((r) => r.resourceType !== 'DocumentReference');
    const first = await submitOk(sim, pasBundle({ procedure: 'totalKnee', evidence, claimId: 'DOC-1' }));
    expect(first.entry[0].resource.outcome).toBe('queued');
    expect(reviewActions(first)[0]).toMatchObject({ code: 'A4', reason: { code: 'documentation-missing' } });
    expect(reviewActions(first)[0]!.reason?.text).toContain(`${DocumentTypes.imagingReport.code}) was not attached`);

    await (sim.clock as VirtualClock).advance(3 * 86_400_000);
    const later = await parseOk(await inquire(sim, inquiryBundle({ identifier: [{ system: 'urn:trnorg:1234567890', value: 'DOC-1' }] })));
    expect(reviewActions(later)[0]).toMatchObject({ code: 'A3', reason: { code: 'documentation-missing' } });
    expect(reviewActions(later)[0]!.reason?.text).toMatch(/^Required documentation not received within 3 days/);
  });

  it('missingDocumentation.decision CT answers contact-payer at once', async () => {
    const sim = createSimulator({ config: { payer: { missingDocumentation: { decision: 'CT' } } } });
    const res = await submitOk(sim, pasBundle({ procedure: 'polysomnography', evidence: [ev.observation(ObservationCodes.stopBang, 5, '{score}'), ev.condition(DiagnosisCodes.copd)] }));
    expect(reviewActions(res)[0]).toMatchObject({ code: 'CT', reason: { code: 'documentation-missing' } });
  });
});

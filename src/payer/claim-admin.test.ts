import { createSimulator } from '../simulator.js';
import { VirtualClock } from '../core/clock.js';
import { ClaimListSchema, ClaimViewSchema } from '../contracts/admin.js';
import { ProblemSchema } from '../contracts/fhir-base.js';
import { meetsCriteria, pasBundle } from './testing/pas-fixtures.js';
import { inquire, inquiryBundle, parseOk, submitOk } from './testing/payer-client.js';
import { readReviewAction } from '../contracts/pas.js';

const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('/__admin/claims', () => {
  it('releases a pended claim with the chosen decision at once, visible to $inquire', async () => {
    const sim = createSimulator({ config: { seed: 1, payer: { rules: { '72148': { decision: 'A4', pendSeconds: 30 * 86400, finalDecision: 'A1' } } } }, clock: new VirtualClock() });
    const request = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri'), claimId: 'CLM-REL' });
    await submitOk(sim, request);
    const listed = ClaimListSchema.parse(await (await sim.handle(new Request('http://sim.test/__admin/claims'))).json());
    expect(listed.claims).toHaveLength(1);
    expect(listed.claims[0]).toMatchObject({ pended: true, reviewActions: ['A4'] });

    const released = await sim.handle(new Request('http://sim.test/__admin/claims/CLM-REL/release', post({ decision: 'A3' })));
    expect(released.status).toBe(200);
    expect(ClaimViewSchema.parse(await released.json())).toMatchObject({ pended: false, reviewActions: ['A3'] });
    const now = await parseOk(await inquire(sim, inquiryBundle(request.entry[0]!.resource as Record<string, unknown>, request.identifier)));
    expect(readReviewAction(now.entry[0].resource.item[0]!).code).toBe('A3');

    const again = await sim.handle(new Request('http://sim.test/__admin/claims/CLM-REL/release', post({ decision: 'A1' })));
    expect(again.status).toBe(409);
    const unknown = await sim.handle(new Request('http://sim.test/__admin/claims/nope/release', post({ decision: 'A1' })));
    expect(unknown.status).toBe(404);
    const bad = await sim.handle(new Request('http://sim.test/__admin/claims/CLM-REL/release', post({ decision: 'A4' })));
    expect(bad.status).toBe(400);
    expect(ProblemSchema.parse(await bad.json()).errors?.[0]?.path).toBe('body.decision');
  });

  it('denies a pended claim with the payer reviewer\'s reason, which $inquire then carries', async () => {
    const sim = createSimulator({ config: { seed: 1, payer: { rules: { '72148': { decision: 'A4', pendSeconds: 30 * 86400, finalDecision: 'A1' } } } }, clock: new VirtualClock() });
    const request = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri'), claimId: 'CLM-WHY' });
    await submitOk(sim, request);
    const released = await sim.handle(new Request('http://sim.test/__admin/claims/CLM-WHY/release', post({ decision: 'A3', reason: 'no imaging report attached' })));
    expect(ClaimViewSchema.parse(await released.json())).toMatchObject({ reviewActions: ['A3'], reasons: ['no imaging report attached'] });
    const now = await parseOk(await inquire(sim, inquiryBundle(request.entry[0]!.resource as Record<string, unknown>, request.identifier)));
    expect(JSON.stringify(now.entry[0].resource)).toContain('no imaging report attached');
    const blank = await sim.handle(new Request('http://sim.test/__admin/claims/CLM-WHY/release', post({ decision: 'A3', reason: ' ' })));
    expect(ProblemSchema.parse(await blank.json()).errors?.[0]?.path).toBe('body.reason');
  });
});

import { CodeSystems } from '../contracts/fhir-base.js';
import { PAS_VERSION, PasExtensions } from '../contracts/pas.js';
import { createSimulator } from '../simulator.js';
import { meetsCriteria, pasBundle } from './testing/pas-fixtures.js';
import { BASE, reviewActions, submitOk } from './testing/payer-client.js';

describe('payer $submit', () => {
  it('answers a valid PAS request with a PAS response Bundle, ClaimResponse first', async () => {
    const sim = createSimulator({ config: { seed: 1 } });
    const body = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri'), claimId: 'C-1', bundleId: 'B-1' });
    const res = await submitOk(sim, body, { 'idempotency-key': 'k1' });

    expect(res.identifier).toEqual(body.identifier);
    const cr = res.entry[0].resource;
    expect(cr).toMatchObject({ status: 'active', use: 'preauthorization', outcome: 'complete', patient: { reference: 'Patient/pat-1' }, requestor: { reference: 'Practitioner/dr-1' } });
    expect(cr.request.identifier).toEqual({ system: 'urn:trnorg:1234567890', value: 'C-1' });
    expect(cr.preAuthRef).toMatch(/^PA\d{10}$/);
    expect(cr.preAuthPeriod).toEqual({ start: '2026-01-05', end: '2026-04-05' });
    expect(reviewActions(res)).toEqual([{ code: 'A1', number: `${cr.preAuthRef}-1`, reason: undefined }]);
    const adjudication = cr.item[0]!.adjudication[0]!;
    expect(adjudication.category.coding?.[0]?.code).toBe('submitted');
    const codeExt = adjudication.extension[0]!.extension.find((e) => e.url === PasExtensions.reviewActionCode) as unknown as { valueCodeableConcept: { coding: { system: string }[] } };
    expect(codeExt.valueCodeableConcept.coding[0]!.system).toBe(CodeSystems.x12ReviewAction);
    expect(res.entry.slice(1).map((e) => e.resource.resourceType)).toEqual(['Patient', 'Organization', 'Practitioner']);
    expect(sim.ledger.get('urn:trnorg:1234567890|C-1')).toMatchObject({ claimIds: [cr.id], adjudications: 1 });
  });

  it('declares PAS version, operations and webhook support in its CapabilityStatement', async () => {
    for (const webhooks of [true, false]) {
      const sim = createSimulator({ config: { payer: { webhooks } } });
      const res = await sim.handle(new Request(`${BASE}/metadata`));
      expect(res.status).toBe(200);
      const cs = (await res.json()) as { implementationGuide: string[]; rest: { resource: { type: string; operation?: { name: string }[] }[] }[] };
      expect(cs.implementationGuide[0]).toContain(`|${PAS_VERSION}`);
      const resources = cs.rest[0]!.resource;
      expect(resources.find((r) => r.type === 'Claim')?.operation?.map((o) => o.name)).toEqual(['submit', 'inquire']);
      expect(resources.some((r) => r.type === 'Subscription')).toBe(webhooks);
    }
  });

  it('rejects a procedure without a coverage policy or rule with 422 and changes nothing', async () => {
    const sim = createSimulator();
    const res = await sim.handle(new Request(`${BASE}/Claim/$submit`, {
      method: 'POST', headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(pasBundle({ productOrService: { system: CodeSystems.cpt, code: '99213' } })),
    }));
    expect(res.status).toBe(422);
    const oo = (await res.json()) as { issue: { code: string; diagnostics: string; expression: string[] }[] };
    expect(oo.issue[0]).toMatchObject({ code: 'business-rule', expression: ['Claim.item[0].productOrService'] });
    expect(oo.issue[0]!.diagnostics).toContain('99213 has no coverage policy');
    expect(sim.ledger.totals().claims).toBe(0);
  });

  it('adjudicates an unknown code when a rule names it', async () => {
    const sim = createSimulator({ config: { payer: { rules: { '99213': { decision: 'A1' } } } } });
    const res = await submitOk(sim, pasBundle({ productOrService: { system: CodeSystems.cpt, code: '99213' } }));
    expect(reviewActions(res)[0]!.code).toBe('A1');
  });
});

import { createSimulator } from '../simulator.js';
import { pasBundle, type PasFixtureBundle } from './testing/pas-fixtures.js';
import { submitRequest } from './testing/payer-client.js';

type Outcome = { resourceType: string; issue: { code: string; diagnostics: string; expression?: string[] }[] };
type Claimish = Record<string, unknown> & { item: { productOrService: unknown }[]; patient: unknown };

/** A valid bundle changed by `edit` (which gets the Claim and the whole Bundle). */
function edited(edit: (claim: Claimish, bundle: PasFixtureBundle) => void): PasFixtureBundle {
  const b = pasBundle({ claimId: 'BAD-1' });
  edit(b.entry[0]!.resource as unknown as Claimish, b);
  return b;
}

describe('payer $submit rejects bad input with a 4xx naming the path, and changes nothing', () => {
  const cases: [string, () => Request, number, string, string][] = [
    ['malformed JSON', () => submitRequest('{"resourceType": "Bundle",'), 400, 'Bundle', 'not valid JSON'],
    ['wrong content type', () => new Request('http://sim.test/payer/fhir/Claim/$submit', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }), 415, '', 'text/plain'],
    ['oversized body', () => submitRequest({ ...pasBundle(), padding: 'x'.repeat(5000) }), 413, '', '4096-byte limit'],
    ['not a Bundle', () => submitRequest({ ...pasBundle(), resourceType: 'Parameters' }), 400, 'Bundle.resourceType', 'Bundle.resourceType'],
    ['missing Bundle.identifier', () => submitRequest({ ...pasBundle(), identifier: undefined }), 400, 'Bundle.identifier', 'Bundle.identifier'],
    ['first entry not a Claim', () => submitRequest(edited((_, b) => b.entry.reverse())), 400, 'Bundle.entry[0].resource.resourceType', 'must be the Claim, got "Coverage"'],
    ['missing productOrService', () => submitRequest(edited((c) => delete (c.item[0] as Record<string, unknown>).productOrService)), 400, 'Bundle.entry[0].resource.item[0].productOrService', 'item[0].productOrService'],
    ['use is not preauthorization', () => submitRequest(edited((c) => (c.use = 'claim'))), 400, 'Claim.use', 'expected "preauthorization"'],
    ['unknown code system', () => submitRequest(edited((c) => (c.item[0]!.productOrService = { coding: [{ system: 'http://example.org/codes', code: '72148' }] }))), 400, 'Claim.item[0].productOrService', 'code system "http://example.org/codes" is not supported'],
    ['invalid CPT code', () => submitRequest(edited((c) => (c.item[0]!.productOrService = { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: 'abc' }] }))), 400, 'Claim.item[0].productOrService', 'Claim.item[0].productOrService: expected a CPT code (5 digits) or an RxNorm code, got "abc"'],
    ['unresolved reference', () => submitRequest(edited((c) => (c.patient = { reference: 'Patient/x' }))), 400, 'Claim.patient', 'Claim.patient: reference Patient/x is not in the Bundle'],
    ['duplicate resource', () => submitRequest(edited((_, b) => b.entry.push(b.entry[1]!))), 400, 'Bundle.entry[5]', 'already appears at Bundle.entry[1]'],
  ];

  it.each(cases)('%s', async (_name, request, status, expression, message) => {
    const sim = createSimulator({ config: { bodyLimitBytes: 4096 } });
    const res = await sim.handle(request());
    expect(res.status).toBe(status);
    const oo = (await res.json()) as Outcome;
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(oo.issue.map((i) => i.diagnostics).join(' | ')).toContain(message);
    if (expression) expect(oo.issue.flatMap((i) => i.expression ?? [])).toContain(expression);
    expect(sim.ledger.totals()).toMatchObject({ claims: 0, adjudications: 0 });
    expect(sim.ledger.all()).toEqual([]);
  });
});

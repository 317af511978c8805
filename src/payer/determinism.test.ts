import { createSimulator } from '../simulator.js';
import { meetsCriteria, pasBundle } from './testing/pas-fixtures.js';
import { inquire, inquiryBundle, submit } from './testing/payer-client.js';

/** The same requests in the same order; returns every response body. */
async function run(seed: number, bodies: unknown[]): Promise<string[]> {
  const sim = createSimulator({ config: { seed, payer: { rules: { '27447': { decision: 'A4', pendInquiries: 1 } } } } });
  const out: string[] = [];
  for (const [i, body] of bodies.entries()) out.push(await (await submit(sim, body, { 'idempotency-key': `k${i}` })).text());
  out.push(await (await inquire(sim, inquiryBundle({ identifier: [{ system: 'urn:trnorg:1234567890', value: 'D-2' }] }))).text());
  return out;
}

describe('determinism', () => {
  const bodies = [
    pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri'), claimId: 'D-1' }),
    pasBundle({ procedure: 'totalKnee', evidence: meetsCriteria('totalKnee'), claimId: 'D-2' }),
    pasBundle({ procedure: 'semaglutide', claimId: 'D-3' }),
  ];

  it('answers byte-identically for the same seed and requests', async () => {
    expect(await run(7, bodies)).toEqual(await run(7, bodies));
  });

  it('mints different ids and authorization numbers for another seed', async () => {
    const refs = (bodiesOut: string[]) => bodiesOut.map((b) => (JSON.parse(b) as { entry: { resource: { preAuthRef: string; id: string } }[] }).entry[0]!.resource);
    const [a, b] = [refs(await run(7, bodies)), refs(await run(8, bodies))];
    expect(a.map((r) => r.preAuthRef)).not.toEqual(b.map((r) => r.preAuthRef));
    expect(a[0]!.id).not.toBe(b[0]!.id);
  });
});

/**
 * `buildPasBundle` against the real payer: every persona's bundle is accepted by `$submit`,
 * the decision matches the persona, and business identifiers depend only on the execution id.
 */
import { ProcedureCodes } from '../../src/contracts/clinical-codes.js';
import { PasRequestBundleSchema, PasResponseBundleSchema } from '../../src/contracts/pas.js';
import { PERSONAS, type Persona } from '../../src/contracts/personas.js';
import { createSimulator } from '../../src/simulator.js';
import { createClients } from '../clients/clients.js';
import { createAgents } from './agents.js';
import { buildPasBundle, pasIdentifiers } from './pas-bundle.js';

const sim = createSimulator({ config: { seed: 1 } });
const url = 'http://sim.test';
const clients = createClients({ ehrUrl: url, payerUrl: url, reviewUrl: url, fetch: (i, init) => sim.handle(new Request(i, init)), timeoutMs: 1000 });
const agents = createAgents(clients);
const now = sim.clock.now();

async function bundleFor(persona: Persona, executionId = `ex-${persona.id}`) {
  const procedureCode = ProcedureCodes[persona.procedure].code;
  const facts = await agents.clinicalExtraction.run({ patientId: persona.id, procedureCode, now });
  const necessity = await agents.medicalNecessity.run(facts, procedureCode);
  const criteria = await agents.payerCriteria.run(facts, await clients.payer.getPolicy(procedureCode));
  const letter = await agents.justificationLetter.run(facts, necessity, criteria);
  return buildPasBundle({ facts, procedureCode, executionId, letter, now });
}

/** What the payer decides for each persona kind: certified, denied, or pended / contact-payer for missing documents. */
const EXPECTED = { meets: ['A1'], fails: ['A3'], 'missing-documentation': ['A4', 'CT'] } as const;

/**
 * Simulator disagreements reported to the payer/EHR owners (not fixed here): the payer reads a
 * MedicationRequest without dispenseRequest as a 0-day therapy (policy.ts convention), so the
 * metformin of pat-glp1-meets and the naproxen of pat-lumbar-missing count 0 days and both are
 * denied (A3). Marked `failing`: when the simulator is fixed these start failing — delete the entry.
 */
const KNOWN_PAYER_DISAGREEMENTS = new Set<string>();

describe.each(PERSONAS.map((p) => [p.id, p] as const))('%s', (_id, persona) => {
  test('the bundle is a valid PAS request: Claim first, every reference once, evidence on supportingInfo', async () => {
    const bundle = await bundleFor(persona);
    expect(PasRequestBundleSchema.safeParse(bundle).success).toBe(true);
    const keys = bundle.entry.map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    expect(keys[0]).toMatch(/^Claim\//);
    expect(new Set(keys).size).toBe(keys.length);
    const refs = [...JSON.stringify(bundle).matchAll(/"reference":"([A-Za-z]+\/[^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(keys).toContain(ref);
    const claim = bundle.entry[0]!.resource as unknown as { supportingInfo: { valueReference: { reference: string } }[] };
    expect(claim.supportingInfo.map((s) => s.valueReference.reference).sort()).toEqual(keys.filter((k) => /^(Condition|Observation|Procedure|MedicationRequest|DocumentReference)\//.test(k)).sort());
  });

  test('the payer accepts it: 200 and a PAS response Bundle', async () => {
    const res = await sim.handle(new Request(`${url}/payer/fhir/Claim/$submit`, {
      method: 'POST', headers: { 'content-type': 'application/fhir+json', 'idempotency-key': `raw-${persona.id}` }, body: JSON.stringify(await bundleFor(persona)),
    }));
    expect(res.status).toBe(200);
    expect(PasResponseBundleSchema.safeParse(await res.json()).success).toBe(true);
  });

  const decides = KNOWN_PAYER_DISAGREEMENTS.has(persona.id) ? test.failing : test;
  decides(`the payer decides ${EXPECTED[persona.expectation].join(' or ')}`, async () => {
    const { decision } = await clients.payer.inquire({ claimIdentifier: pasIdentifiers(`ex-${persona.id}`).claim });
    expect(EXPECTED[persona.expectation]).toContain(decision.reviewActionCode);
  });
});

describe('business identifiers', () => {
  const persona = PERSONAS[0];

  test('the same execution builds the same bundle; another execution gets other identifiers', async () => {
    const a = await bundleFor(persona, 'ex-same');
    expect(await bundleFor(persona, 'ex-same')).toEqual(a);
    const b = await bundleFor(persona, 'ex-other');
    expect(b.identifier).not.toEqual(a.identifier);
    expect(a.identifier).toEqual(pasIdentifiers('ex-same').bundle);
    expect((a.entry[0]!.resource as unknown as { identifier: unknown[] }).identifier).toEqual([pasIdentifiers('ex-same').claim]);
  });

  test('a resubmission of the same execution under a new key is absorbed by the payer as the same claim', async () => {
    const fresh = createSimulator({ config: { seed: 1 } });
    const c = createClients({ ehrUrl: url, payerUrl: url, reviewUrl: url, fetch: (i, init) => fresh.handle(new Request(i, init)), timeoutMs: 1000 });
    const bundle = await bundleFor(persona, 'ex-resubmit');
    const first = await c.payer.submit(bundle, 'key-a');
    const second = await c.payer.submit(bundle, 'key-b');
    expect(second.decision.authorizationNumber).toBe(first.decision.authorizationNumber);
    expect(fresh.ledger.totals()).toMatchObject({ claims: 1, duplicates: { 'business-identifier': 1 } });
  });
});

/** The deterministic agents over every persona of the EHR panel, read through the real simulator. */
import { ProcedureCodes } from '../../src/contracts/clinical-codes.js';
import { PERSONAS, type Persona } from '../../src/contracts/personas.js';
import { createSimulator } from '../../src/simulator.js';
import { createClients } from '../clients/clients.js';
import { createAgents } from './agents.js';

const sim = createSimulator({ config: { seed: 1 } });
const url = 'http://sim.test';
const clients = createClients({ ehrUrl: url, payerUrl: url, reviewUrl: url, fetch: (i, init) => sim.handle(new Request(i, init)), timeoutMs: 1000 });
const agents = createAgents(clients);
const now = sim.clock.now();

async function pipeline(persona: Persona) {
  const procedureCode = ProcedureCodes[persona.procedure].code;
  const facts = await agents.clinicalExtraction.run({ patientId: persona.id, procedureCode, now });
  const necessity = await agents.medicalNecessity.run(facts, procedureCode);
  const criteria = await agents.payerCriteria.run(facts, await clients.payer.getPolicy(procedureCode));
  const letter = await agents.justificationLetter.run(facts, necessity, criteria);
  return { procedureCode, facts, necessity, criteria, letter };
}

describe.each(PERSONAS.map((p) => [p.id, p] as const))('%s', (_id, persona) => {
  test('facts are compact, JSON-serialisable and deterministic', async () => {
    const { facts } = await pipeline(persona);
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    expect((await pipeline(persona)).facts).toEqual(facts);
    expect(facts).toMatchObject({ patientId: persona.id, patient: { id: persona.id }, coverage: { payer: 'Organization/org-payer' } });
    expect(facts.practitioner?.npi).toMatch(/^\d{10}$/);
    expect(facts.diagnoses.length).toBeGreaterThan(0);
    expect(facts.resources.evidence.length).toBe(facts.diagnoses.length + facts.observations.length + facts.therapies.length + facts.documents.length);
    const dates = facts.observations.map((o) => Date.parse(o.date));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
  });

  test(`criteria and necessity agree with the persona (${persona.expectation})`, async () => {
    const { necessity, criteria } = await pipeline(persona);
    expect(criteria.likelyOutcome).toBe(persona.expectation);
    const unmet = criteria.criteria.filter((c) => c.met === false);
    if (persona.expectation === 'meets') {
      expect(necessity.necessary).toBe(true);
      expect(criteria.criteria.every((c) => c.met === true)).toBe(true);
      expect(criteria.missingDocumentation).toEqual([]);
    } else if (persona.expectation === 'fails') {
      expect(necessity.necessary).toBe(false);
      expect(unmet.length).toBeGreaterThan(0);
      expect(unmet.every((c) => c.note.length > 0)).toBe(true);
    } else {
      expect(unmet).toEqual([]);
      expect(criteria.missingDocumentation.length).toBeGreaterThan(0);
    }
    for (const c of criteria.criteria.filter((x) => x.met === true && !x.redFlag && !x.bypassed)) expect(c.evidence.length).toBeGreaterThan(0);
  });

  test('the letter names the procedure, the verdicts and the signing physician', async () => {
    const { procedureCode, facts, letter } = await pipeline(persona);
    expect(letter.subject).toContain(procedureCode);
    expect(letter.body).toContain(facts.practitioner!.name);
    expect(letter).toMatchObject({ patientId: persona.id, procedureCode });
    if (persona.expectation === 'missing-documentation') expect(letter.body).toContain('Documentation still to be obtained');
  });
});

test('a red flag waives conservative therapy', async () => {
  const { necessity, criteria } = await pipeline(PERSONAS.find((p) => p.id === 'pat-lumbar-red-flag')!);
  expect(necessity.necessary).toBe(true);
  expect(criteria.criteria.find((c) => c.id === 'conservative-therapy-6-weeks')).toMatchObject({ met: true, bypassed: true });
});

test('an unknown procedure has no guideline and is not judged necessary', async () => {
  const { facts } = await pipeline(PERSONAS[0]);
  await expect(agents.medicalNecessity.run(facts, '99999')).resolves.toMatchObject({ necessary: false, guideline: 'none' });
});

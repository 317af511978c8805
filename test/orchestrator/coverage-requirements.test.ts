/**
 * The orchestrator's CRD + DTR path against the real simulator: for every persona the criteria
 * DTR's Questionnaire carries equal the payer's policy, the filled QuestionnaireResponse travels
 * in the PAS Bundle and the payer stores it with the claim; CRD or DTR failing is a note.
 */
import { describe, expect, it } from '@jest/globals';
import { ProcedureCodes } from '../../src/contracts/clinical-codes.js';
import { PERSONAS } from '../../src/contracts/personas.js';
import type { SimulatorConfigInput } from '../../src/contracts/config.js';
import { createSimulator } from '../../src/simulator.js';
import { createClients } from '../../orchestrator/clients/clients.js';
import { createAgents } from '../../orchestrator/agents/agents.js';
import { buildPasBundle } from '../../orchestrator/agents/pas-bundle.js';

const url = 'http://sim.test';
function setUp(config: SimulatorConfigInput = {}) {
  const sim = createSimulator({ config: { seed: 1, ...config } });
  const clients = createClients({ ehrUrl: url, payerUrl: url, reviewUrl: url, fetch: (i, init) => sim.handle(new Request(i, init)), timeoutMs: 1000, clientId: 'orchestrator' });
  return { sim, clients, agents: createAgents(clients) };
}
const paths = (sim: ReturnType<typeof createSimulator>) => sim.journal.all().map((e) => `${e.method} ${e.url.split("?")[0]}`);

describe('coverage requirements from CRD and DTR', () => {
  it.each(PERSONAS.map((p) => [p.id, p] as const))('%s: DTR criteria equal the policy, and the filled questionnaire reaches the payer', async (_id, persona) => {
    const { sim, clients, agents } = setUp();
    const procedureCode = ProcedureCodes[persona.procedure].code;
    const facts = await agents.clinicalExtraction.run({ patientId: persona.id, procedureCode, now: sim.clock.now() });
    const requirements = await clients.payer.coverageRequirements({ patientId: persona.id, procedureCode });
    const policy = await clients.payer.getPolicy(procedureCode);
    expect(requirements.notes).toEqual([]);
    expect(requirements.crd).toMatchObject({ covered: 'covered', paNeeded: 'auth-needed', docNeeded: 'clinical' });
    expect(requirements.policy).toEqual({ code: policy.code, requiresPriorAuth: true, criteria: policy.criteria, requiredDocuments: policy.requiredDocuments });
    const viaDtr = await agents.payerCriteria.run(facts, requirements);
    const viaPolicy = await agents.payerCriteria.run(facts, policy);
    expect(viaDtr.likelyOutcome).toBe(viaPolicy.likelyOutcome);
    const qr = viaDtr.questionnaireResponse!;
    expect(qr.questionnaire).toBe(`${requirements.questionnaire!.url}|1`);
    expect(qr.item!.length).toBeGreaterThan(0);
    const bundle = buildPasBundle({ facts, procedureCode, executionId: `exec-${persona.id}`, now: sim.clock.now(), questionnaireResponse: qr });
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'QuestionnaireResponse')).toHaveLength(1);
    const submitted = await clients.payer.submit(bundle, `key-${persona.id}`);
    const claim = await (await sim.handle(new Request(`${url}/payer/fhir/${(submitted.claimResponse.request as { reference: string }).reference}`, { headers: { 'x-client-id': 'orchestrator' } }))).json() as { supportingInfo: { valueReference: { reference: string } }[] };
    expect(claim.supportingInfo.some((s) => s.valueReference.reference.includes('QuestionnaireResponse/'))).toBe(true);
    expect(paths(sim)).toEqual(expect.arrayContaining(['POST /payer/cds-services/crd-order-sign', 'POST /payer/fhir/Questionnaire/$questionnaire-package']));
  });

  it('CRD down: proceeds without cards and still asks DTR', async () => {
    const { clients } = setUp({ faults: [{ id: 'crd-503', match: { system: 'payer', route: '/payer/cds-services' }, schedule: { kind: 'always' }, fault: { kind: 'http-status', status: 503 } }] });
    const r = await clients.payer.coverageRequirements({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    expect(r.crd).toBeUndefined();
    expect(r.notes[0]).toContain('CRD order-sign hook did not answer');
    expect(r.questionnaire?.url).toContain('policy-72148');
  });

  it('DTR down: no questionnaire, no criteria, a note', async () => {
    const { clients } = setUp({ faults: [{ id: 'dtr-503', match: { system: 'payer', route: '/payer/fhir/Questionnaire' }, schedule: { kind: 'always' }, fault: { kind: 'http-status', status: 503 } }] });
    const r = await clients.payer.coverageRequirements({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    expect(r.questionnaire).toBeUndefined();
    expect(r.policy.criteria).toEqual([]);
    expect(r.notes[0]).toContain('DTR $questionnaire-package did not answer');
  });

  it('a CRD answer of no-auth skips DTR', async () => {
    const { sim, clients } = setUp({ payer: { crd: { contradictPas: true } } });
    const r = await clients.payer.coverageRequirements({ patientId: 'pat-lumbar-fails', procedureCode: '72148' });
    expect(r.policy.requiresPriorAuth).toBe(false);
    expect(paths(sim)).not.toContain('POST /payer/fhir/Questionnaire/$questionnaire-package');
  });
});

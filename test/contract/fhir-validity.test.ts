/**
 * Every FHIR resource the simulator serves, checked by an independent FHIR R4 validator (the
 * `fhir` package's structure-definition validator), not by our own zod schemas.
 */
import { Fhir } from 'fhir';
import { createSimulator } from '../../src/simulator.js';
import { PERSONAS } from '../../src/ehr/personas.js';

const fhir = new Fhir();
const sim = createSimulator({ config: { seed: 3 } });
const get = async (path: string) => (await sim.handle(new Request(`http://sim.test${path}`))).json();

function errorsOf(resource: unknown): string[] {
  // re-parse in this realm: the validator checks `instanceof Array`, and undici parses JSON in another realm
  const result = fhir.validate(JSON.parse(JSON.stringify(resource)));
  return result.messages.filter((m) => m.severity === 'error').map((m) => `${m.location}: ${m.message}`);
}

describe('FHIR R4 validity (independent validator)', () => {
  it('the validator catches an invalid resource (so a pass means something)', () => {
    expect(errorsOf({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: 'high' } })).not.toEqual([]);
  });

  it('EHR CapabilityStatement is valid', async () => {
    expect(errorsOf(await get('/ehr/fhir/metadata'))).toEqual([]);
  });

  it.each(PERSONAS.map((p) => p.id))('every resource in the chart of %s is valid', async (id) => {
    const bundle = (await get(`/ehr/fhir/Patient/${id}/$everything?_count=1000`)) as { entry: Array<{ resource: unknown }> };
    expect(errorsOf(bundle)).toEqual([]);
    for (const entry of bundle.entry) expect(errorsOf(entry.resource)).toEqual([]);
  });

  it('error responses are valid OperationOutcomes', async () => {
    expect(errorsOf(await get('/ehr/fhir/Patient/does-not-exist'))).toEqual([]);
    expect(errorsOf(await get('/ehr/fhir/Condition'))).toEqual([]);
  });
});

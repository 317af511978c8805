/**
 * Fuzz of DTR `Questionnaire/$next-question` with bodies near the valid shape (the main fuzz
 * mostly sends bodies far from it): adaptive responses whose contained Questionnaire, items and
 * answers are arbitrary JSON in places, as the resource or as Parameters `in`. Every answer is a
 * declared status (200 or a 400 OperationOutcome naming a path), never a 5xx.
 */
import fc from 'fast-check';
import { questionnaireUrl } from '../../src/contracts/dtr.js';
import { createSimulator } from '../../src/simulator.js';
import { observe, undeclared, type Observed } from './declared-statuses.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const RUNS = Number(process.env.FUZZ_RUNS_DTR ?? 400);
const TARGET = '/payer/fhir/Questionnaire/$next-question';

const json = fc.jsonValue({ maxDepth: 3 });
/** Mostly `likely`, sometimes anything: near the valid shape, so both branches get exercised. */
const mostly = <T>(likely: fc.Arbitrary<T>) => fc.oneof({ arbitrary: likely, weight: 6 }, { arbitrary: json, weight: 1 });
const linkId = fc.constantFrom('low-back-pain-diagnosis', 'red-flags', 'positive-screening-score', 'stop-bang-3', 'x');
const answer = fc.oneof(json, fc.record({ valueDecimal: fc.double({ noNaN: true }) }), fc.record({ valueCoding: fc.record({ system: fc.string(), code: fc.string() }) }), fc.record({ valueBoolean: fc.boolean() }));
const item = mostly(fc.record({ linkId, answer: mostly(fc.array(answer, { maxLength: 2 })) }, { requiredKeys: ['linkId'] }));
const askedItem = mostly(fc.record({ linkId, type: fc.constantFrom('group', 'decimal', 'choice'), item: mostly(fc.array(fc.record({ linkId }), { maxLength: 2 })) }, { requiredKeys: ['linkId'] }));
const contained = fc.record({
  resourceType: fc.constantFrom('Questionnaire', 'Questionnaire', 'Patient'), id: fc.constantFrom('q', 'q', 'other'),
  url: mostly(fc.constantFrom(questionnaireUrl('72148'), questionnaireUrl('95810'), `${questionnaireUrl('27447')}|1`, 'http://example.org/x')),
  version: mostly(fc.constantFrom('1', '1', '2')), derivedFrom: mostly(fc.array(fc.string(), { maxLength: 1 })),
  item: mostly(fc.array(askedItem, { maxLength: 3 })),
}, { requiredKeys: ['resourceType', 'id'] });
const qr = fc.record({
  resourceType: fc.constant('QuestionnaireResponse'), questionnaire: mostly(fc.constantFrom('#q', '#q', '#other', questionnaireUrl('72148'))),
  status: fc.constantFrom('in-progress', 'in-progress', 'completed', 'nope'), contained: mostly(fc.array(mostly(contained), { minLength: 1, maxLength: 2 })),
  item: mostly(fc.array(item, { maxLength: 3 })),
}, { requiredKeys: ['resourceType', 'questionnaire', 'status'] });
const body = fc.oneof({ arbitrary: qr, weight: 4 }, { arbitrary: qr.map((resource) => ({ resourceType: 'Parameters', parameter: [{ name: 'in', resource }] })), weight: 2 }, { arbitrary: json, weight: 1 });

describe('fuzz: DTR $next-question', () => {
  it(`answers ${RUNS} near-valid adaptive requests with declared statuses, never a 5xx`, async () => {
    const sim = createSimulator({ config: { seed: 12 } });
    const observed: Observed = new Map();
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await sim.handle(new Request(`http://sim.fuzz${TARGET}`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(b) }));
        observe(observed, 'POST', TARGET, res.status);
        const out = (await res.json()) as { resourceType?: string; issue?: { expression?: string[] }[] };
        expect(res.status).toBeLessThan(500);
        if (res.status === 400) expect(out.resourceType).toBe('OperationOutcome');
        if (res.status === 200) expect(out.resourceType).toBe('QuestionnaireResponse');
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(undeclared(observed)).toEqual([]);
    expect([...observed.get(`POST ${TARGET}`) ?? []]).toEqual(expect.arrayContaining([200, 400]));
  }, 300_000);
});

/** The EHR's routes end to end through the engine: contracts, searches, errors, determinism. */
import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import {
  CapabilityStatementSchema, ConditionSearchsetSchema, CoverageSearchsetSchema, DocumentReferenceSearchsetSchema,
  EhrResourceSchema, EverythingBundleSchema, MedicationRequestSearchsetSchema, ObservationSearchsetSchema, PatientSchema, PatientSearchsetSchema,
  ProcedureSearchsetSchema, type EhrSearchset,
} from '../contracts/ehr.js';
import { OperationOutcomeSchema } from '../contracts/fhir-base.js';
import { createSimulator, type Simulator } from '../simulator.js';
import { PERSONAS } from '../contracts/personas.js';

const BASE = 'http://sim.test/ehr/fhir';
const sim = createSimulator({ config: { seed: 1 } });

async function get(path: string, s: Simulator = sim) {
  const res = await s.handle(new Request(`${BASE}/${path}`));
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}
async function getAs<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.type).toMatch(/^application\/fhir\+json/);
  return schema.parse(JSON.parse(res.text));
}
const ids = (b: EhrSearchset) => (b.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`);

describe('EHR reads and searches', () => {
  it('serves a CapabilityStatement listing every type, its search params and $everything', async () => {
    const cs = await getAs('metadata', CapabilityStatementSchema);
    const resources = cs.rest[0]!.resource;
    expect(resources.map((r) => r.type)).toEqual(expect.arrayContaining(['Patient', 'Observation', 'DocumentReference', 'Organization']));
    const patient = resources.find((r) => r.type === 'Patient')!;
    expect(patient.operation?.map((o) => o.name)).toEqual(['everything']);
    expect(resources.find((r) => r.type === 'Observation')!.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['patient', 'category', 'code']));
  });

  it('reads every resource of every chart by type and id, each valid for its contract', async () => {
    for (const persona of PERSONAS) {
      const all = await getAs(`Patient/${persona.id}/$everything?_count=1000`, EverythingBundleSchema);
      for (const entry of all.entry ?? []) {
        const { resourceType, id } = entry.resource;
        const read = EhrResourceSchema.parse(JSON.parse((await get(`${resourceType}/${id}`)).text));
        expect(read).toEqual(entry.resource);
        expect(entry.fullUrl).toBe(`${BASE}/${resourceType}/${id}`);
      }
    }
  });

  it('pages the whole panel with _count and link.next, each patient once', async () => {
    const seen: string[] = [];
    let url: string | undefined = 'Patient?_count=4';
    while (url) {
      const page: z.infer<typeof PatientSearchsetSchema> = await getAs(url, PatientSearchsetSchema);
      expect(page.total).toBe(PERSONAS.length);
      expect(page.entry!.length).toBeLessThanOrEqual(4);
      seen.push(...ids(page));
      url = page.link.find((l) => l.relation === 'next')?.url.slice(BASE.length + 1);
    }
    expect(seen.sort()).toEqual(PERSONAS.map((p) => `Patient/${p.id}`).sort());
  });

  it('finds a patient by identifier, with or without the system', async () => {
    const patient = PatientSchema.parse(JSON.parse((await get('Patient/pat-glp1-meets')).text));
    const mrn = patient.identifier[0]!;
    for (const q of [`${mrn.system}|${mrn.value}`, mrn.value!]) {
      const hit = await getAs(`Patient?identifier=${encodeURIComponent(q)}`, PatientSearchsetSchema);
      expect(ids(hit)).toEqual(['Patient/pat-glp1-meets']);
    }
    expect((await getAs('Patient?identifier=http://other.example|' + mrn.value, PatientSearchsetSchema)).total).toBe(0);
  });

  it('searches each clinical type by patient, as Patient/id or bare id', async () => {
    const cases = [
      ['Condition', ConditionSearchsetSchema], ['Procedure', ProcedureSearchsetSchema], ['MedicationRequest', MedicationRequestSearchsetSchema],
      ['Coverage', CoverageSearchsetSchema], ['DocumentReference', DocumentReferenceSearchsetSchema], ['Observation', ObservationSearchsetSchema],
    ] as const;
    for (const [type, schema] of cases) {
      const a = await getAs(`${type}?patient=Patient/pat-knee-meets`, schema);
      const b = await getAs(`${type}?patient=pat-knee-meets`, schema);
      expect(a.total).toBeGreaterThan(0);
      expect(ids(a)).toEqual(ids(b));
      expect(ids(a).every((id) => id.startsWith(`${type}/pat-knee-meets-`))).toBe(true);
      expect(a.entry!.every((e) => e.search?.mode === 'match')).toBe(true);
    }
  });

  it('filters Observations by category and code', async () => {
    const labs = await getAs('Observation?patient=pat-glp1-meets&category=laboratory', ObservationSearchsetSchema);
    expect(labs.total).toBe(2);
    expect(labs.entry!.every((e) => e.resource.category.some((c) => c.coding?.some((x) => x.code === 'laboratory')))).toBe(true);
    const vitals = await getAs('Observation?patient=pat-glp1-meets&category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs', ObservationSearchsetSchema);
    expect(vitals.entry!.map((e) => e.resource.code.coding?.[0]?.code)).toEqual(['39156-5']);
    const survey = await getAs('Observation?patient=pat-sleep-meets&category=survey', ObservationSearchsetSchema);
    expect(survey.total).toBe(2);
    const a1c = await getAs(`Observation?patient=pat-glp1-fails&code=${encodeURIComponent('http://loinc.org|4548-4')}`, ObservationSearchsetSchema);
    expect(a1c.entry!.map((e) => e.resource.valueQuantity?.value)).toEqual([7.4, 6.6]);
    expect((await getAs('Observation?patient=pat-glp1-fails&code=4548-4,39156-5', ObservationSearchsetSchema)).total).toBe(2);
  });

  it('returns an empty searchset for a patient with no chart', async () => {
    const none = await getAs('Condition?patient=Patient/nobody', ConditionSearchsetSchema);
    expect(none.total).toBe(0);
    expect(none.entry).toBeUndefined();
  });
});

describe('EHR errors', () => {
  const cases: [string, number, string | undefined][] = [
    ['Patient/xyz', 404, undefined],
    ['Observation/xyz', 404, undefined],
    ['Foo', 404, undefined],
    ['Foo/1', 404, undefined],
    ['Patient?_count=abc', 400, 'Patient._count'],
    ['Patient?_count=0', 400, 'Patient._count'],
    ['Patient?_count=-1', 400, 'Patient._count'],
    ['Patient?_count=1001', 400, 'Patient._count'],
    ['Patient?_offset=x', 400, 'Patient._offset'],
    ['Condition', 400, 'Condition.patient'],
    ['Observation?category=laboratory', 400, 'Observation.patient'],
    ['Procedure?patient=Practitioner/pra-orthopedics', 400, 'Procedure.patient'],
    ['Patient/pat-knee-meets/$everything?_count=0', 400, 'Patient.$everything._count'],
    ['Patient/pat-knee-meets/$everything?_type=Patient,Foo', 400, 'Patient.$everything._type'],
    ['Patient/pat-knee-meets/$everything?_since=yesterday', 400, 'Patient.$everything._since'],
    ['Patient/pat-knee-meets/$everything?_since=2026-01-01T00:00:00', 400, 'Patient.$everything._since'],
    ['Patient/nobody/$everything', 404, undefined],
  ];
  it.each(cases)('GET %s → %i OperationOutcome', async (path, status, expression) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    const oo = OperationOutcomeSchema.parse(JSON.parse(res.text));
    const issue = oo.issue[0]!;
    if (expression) {
      expect(issue.expression).toEqual([expression]);
      expect(issue.diagnostics).toContain(expression.split('.').pop()!);
    } else {
      expect(issue.code === 'not-found' || issue.code === 'not-supported').toBe(true);
    }
  });
});

describe('EHR determinism', () => {
  const paths = ['metadata', 'Patient?_count=100', 'Patient/pat-lumbar-meets/$everything?_count=7', 'Observation?patient=pat-sleep-meets'];
  it('answers byte for byte the same for one seed', async () => {
    const other = createSimulator({ config: { seed: 1 } });
    for (const p of paths) expect((await get(p, other)).text).toBe((await get(p)).text);
  });

  it('varies names and dates with the seed but keeps ids and criteria', async () => {
    const other = createSimulator({ config: { seed: 2 } });
    const a = PatientSchema.parse(JSON.parse((await get('Patient/pat-lumbar-meets')).text));
    const b = PatientSchema.parse(JSON.parse((await get('Patient/pat-lumbar-meets', other)).text));
    expect(b.id).toBe(a.id);
    expect(`${b.name[0]!.family}${b.birthDate}`).not.toBe(`${a.name[0]!.family}${a.birthDate}`);
    const everything = 'Patient/pat-lumbar-meets/$everything?_count=100';
    expect((await get(everything, other)).text).not.toBe((await get(everything)).text);
  });
});

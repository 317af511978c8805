/**
 * FHIR REST behaviour that generic clients rely on, on both FHIR bases: POST for operations and
 * `_search`, compartment search, declared search parameters (and undeclared ones ignored or
 * refused), `_summary`/`_elements`, 406 for formats not served, HEAD, `Allow` on 405, and
 * references in payer responses that resolve on the payer.
 */
import { describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator.js';
import { PERSONAS } from '../../src/contracts/personas.js';
import { meetsCriteria, pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { submitOk } from '../../src/payer/testing/payer-client.js';

const ORIGIN = 'http://sim.test';
const EHR = `${ORIGIN}/ehr/fhir`;
const sim = createSimulator({ config: { seed: 5 } });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
async function call(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: Json; text: string }> {
  const res = await sim.handle(new Request(url.startsWith('http') ? url : `${EHR}/${url}`, init));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text };
}
const ids = (b: Json) => ((b.entry ?? []) as Json[]).map((e) => `${e.resource.resourceType}/${e.resource.id}`);
const selfOf = (b: Json) => (b.link as Json[]).find((l) => l.relation === 'self')!.url as string;
const form = (params: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });

const patients = (await call('Patient?_count=1000')).body.entry.map((e: Json) => e.resource) as Json[];
const first = patients.find((p) => p.id === PERSONAS.find((x) => x.procedure === 'semaglutide')!.id)!;

describe('operations and _search by POST', () => {
  it('POST Patient/{id}/$everything with a Parameters body answers what GET answers', async () => {
    const id = PERSONAS[1]!.id;
    const get = await call(`Patient/${id}/$everything?_type=Condition,Observation&_count=3`);
    const post = await call(`Patient/${id}/$everything`, {
      method: 'POST', headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: '_type', valueString: 'Condition,Observation' }, { name: '_count', valueInteger: 3 }] }),
    });
    expect(post.status).toBe(200);
    expect(ids(post.body)).toEqual(ids(get.body));
    expect(post.body.total).toBe(get.body.total);
    expect(selfOf(post.body)).toBe(selfOf(get.body));
    const empty = await call(`Patient/${id}/$everything`, { method: 'POST' });
    expect(empty.body.total).toBe((await call(`Patient/${id}/$everything`)).body.total);
  });

  it('POST $everything with an unknown parameter names it', async () => {
    const res = await call(`Patient/${PERSONAS[0]!.id}/$everything`, {
      method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'start', valueDate: '2020-01-01' }] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.issue[0].expression).toEqual(['Parameters.parameter[0].name']);
  });

  it('POST Patient/_search with a form body answers what GET Patient?… answers', async () => {
    const family = first.name[0].family as string;
    const post = await call('Patient/_search', form({ name: family }));
    const get = await call(`Patient?name=${encodeURIComponent(family)}`);
    expect(post.status).toBe(200);
    expect(ids(post.body)).toEqual(ids(get.body));
    expect(selfOf(post.body)).toBe(selfOf(get.body));
    expect((await call('Patient/_search', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=x' })).status).toBe(415);
  });
});

describe('declared search parameters', () => {
  it('name matches by starts-with, case-insensitively, and the self link echoes it', async () => {
    const family = first.name[0].family as string;
    const res = await call(`Patient?name=${encodeURIComponent(family.slice(0, 3).toLowerCase())}`);
    const expected = patients.filter((p) => p.name.some((n: Json) => [n.family, ...(n.given ?? [])].some((s: string) => s.toLowerCase().startsWith(family.slice(0, 3).toLowerCase()))));
    expect(ids(res.body).sort()).toEqual(expected.map((p) => `Patient/${p.id}`).sort());
    expect(res.body.total).toBeLessThan(patients.length);
    expect(new URL(selfOf(res.body)).searchParams.get('name')).toBe(family.slice(0, 3).toLowerCase());
    expect(ids((await call(`Patient?name:exact=${encodeURIComponent(family.toLowerCase())}`)).body)).toEqual([]);
    expect(ids((await call(`Patient?name:exact=${encodeURIComponent(family)}`)).body)).toContain(`Patient/${first.id}`);
    expect((await call('Patient?name:fuzzy=x')).status).toBe(400);
  });

  it('gender, birthdate and identifier filter as their types say', async () => {
    const gender = (await call(`Patient?gender=${first.gender}`)).body;
    expect(gender.total).toBe(patients.filter((p) => p.gender === first.gender).length);
    const year = (first.birthDate as string).slice(0, 4);
    expect(ids((await call(`Patient?birthdate=${year}`)).body).sort()).toEqual(patients.filter((p) => p.birthDate.startsWith(year)).map((p) => `Patient/${p.id}`).sort());
    expect(ids((await call(`Patient?birthdate=ge${first.birthDate}&birthdate=le${first.birthDate}`)).body)).toContain(`Patient/${first.id}`);
    expect((await call(`Patient?birthdate=gt${first.birthDate}`)).body.entry?.some((e: Json) => e.resource.id === first.id) ?? false).toBe(false);
    expect((await call('Patient?birthdate=yesterday')).status).toBe(400);
    const mrn = first.identifier[0];
    expect(ids((await call(`Patient?identifier=${encodeURIComponent(`${mrn.system}|${mrn.value}`)}`)).body)).toEqual([`Patient/${first.id}`]);
  });

  it('Observation date filters on effective[x] with prefixes', async () => {
    const all = (await call(`Observation?patient=${first.id}&_count=1000`)).body.entry.map((e: Json) => e.resource) as Json[];
    const dates = all.map((o) => o.effectiveDateTime as string).sort();
    const pivot = dates[Math.floor(dates.length / 2)]!.slice(0, 10);
    const ge = (await call(`Observation?patient=${first.id}&date=ge${pivot}&_count=1000`)).body;
    const lt = (await call(`Observation?patient=${first.id}&date=lt${pivot}&_count=1000`)).body;
    expect(ge.total + lt.total).toBe(all.length);
    expect(ge.total).toBe(all.filter((o) => o.effectiveDateTime.slice(0, 10) >= pivot).length);
  });

  it('undeclared parameters are ignored and left out of the self link; strict handling refuses them', async () => {
    const res = await call('Patient?foo=bar&_sort=name&gender=female');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(patients.filter((p) => p.gender === 'female').length);
    const self = new URL(selfOf(res.body));
    expect([...self.searchParams.keys()]).toEqual(['gender']);
    const strict = await call('Patient?foo=bar', { headers: { prefer: 'handling=strict' } });
    expect(strict.status).toBe(400);
    expect(strict.body.issue[0].diagnostics).toContain('"foo"');
    expect((await call('Patient?gender=male', { headers: { prefer: 'handling=strict' } })).status).toBe(200);
  });
});

describe('compartment search', () => {
  it('Patient/{id}/Observation equals Observation?patient={id}, with the same filters', async () => {
    const compartment = await call(`Patient/${first.id}/Observation?category=laboratory`);
    const byParam = await call(`Observation?patient=${first.id}&category=laboratory`);
    expect(compartment.status).toBe(200);
    expect(ids(compartment.body)).toEqual(ids(byParam.body));
    expect(selfOf(compartment.body)).toBe(`${EHR}/Patient/${first.id}/Observation?category=laboratory`);
    const post = await call(`Patient/${first.id}/Condition/_search`, form({}));
    expect(ids(post.body)).toEqual(ids((await call(`Condition?patient=${first.id}`)).body));
  });

  it('an unknown patient or a type outside the compartment is a 404', async () => {
    expect((await call('Patient/nobody/Condition')).status).toBe(404);
    expect((await call(`Patient/${first.id}/Practitioner`)).status).toBe(404);
  });
});

describe('result parameters', () => {
  it('_summary=count answers the total without entries', async () => {
    const res = await call(`Condition?patient=${first.id}&_summary=count`);
    expect(res.body.total).toBe((await call(`Condition?patient=${first.id}`)).body.total);
    expect(res.body.total).toBeGreaterThan(0);
    expect(res.body.entry).toBeUndefined();
    expect((await call('Patient?_summary=text')).status).toBe(400);
  });

  it('_elements keeps the named and mandatory elements and tags the resource SUBSETTED', async () => {
    const res = await call(`Observation?patient=${first.id}&_elements=effectiveDateTime&_count=1`);
    const obs = res.body.entry[0].resource as Json;
    expect(Object.keys(obs).sort()).toEqual(['code', 'effectiveDateTime', 'id', 'meta', 'resourceType', 'status']);
    expect(obs.meta.tag).toContainEqual(expect.objectContaining({ code: 'SUBSETTED' }));
    const read = (await call(`Patient/${first.id}?_elements=birthDate`)).body;
    expect(read.birthDate).toBe(first.birthDate);
    expect(read.name).toBeUndefined();
  });
});

describe('formats, HEAD and 405', () => {
  it.each([
    [{ accept: 'application/fhir+xml' }, 'metadata', 406],
    [{ accept: 'application/xml, text/xml;q=0.9' }, 'Patient', 406],
    [{}, 'Patient?_format=xml', 406],
    [{}, 'Patient?_format=application/fhir%2Bxml', 406],
    [{ accept: 'application/fhir+json' }, 'Patient', 200],
    [{ accept: 'application/json' }, 'Patient', 200],
    [{ accept: 'text/html, */*;q=0.1' }, 'Patient', 200],
    [{ accept: 'application/fhir+xml' }, 'Patient?_format=json', 200],
    [{}, 'Patient?_format=application/fhir%2Bjson', 200],
  ])('Accept %j on %s → %i', async (headers, path, status) => {
    const res = await call(path, { headers });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  });

  it('406 on the payer base too', async () => {
    expect((await call(`${ORIGIN}/payer/fhir/metadata`, { headers: { accept: 'application/fhir+xml' } })).status).toBe(406);
  });

  it('HEAD answers the GET status and headers without a body', async () => {
    const res = await sim.handle(new Request(`${EHR}/Patient/${first.id}`, { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(await res.text()).toBe('');
  });

  it.each([
    ['DELETE', `${EHR}/Patient/x`, 'GET'],
    ['PUT', `${EHR}/Patient/x/$everything`, 'POST'],
    ['GET', `${ORIGIN}/payer/fhir/Claim/$submit`, 'POST'],
    ['PATCH', `${ORIGIN}/payer/fhir/ClaimResponse/x`, 'GET'],
  ])('%s %s → 405 with Allow naming %s', async (method, url, allowed) => {
    const res = await call(url, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')?.split(', ')).toContain(allowed);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});

describe('payer references resolve on the payer', () => {
  it('ClaimResponse.request → Claim/{id} and the response fullUrl → ClaimResponse/{id} are served to their submitter only', async () => {
    const payer = createSimulator({ config: { seed: 5 } });
    const headers = { 'idempotency-key': 'ref-1', 'x-client-id': 'clinic-a' };
    const request = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') });
    const response = await submitOk(payer, request, headers);
    const entry = response.entry[0]!;
    const claimResponse = entry.resource as Json;
    const get = async (url: string, client = 'clinic-a') => {
      const res = await payer.handle(new Request(url, { headers: { 'x-client-id': client } }));
      return { status: res.status, body: (await res.json()) as Json };
    };
    const claimUrl = new URL(claimResponse.request.reference, entry.fullUrl!.replace(/ClaimResponse\/[^/]+$/, '')).href;
    const claim = await get(claimUrl);
    expect(claim.status).toBe(200);
    expect(claim.body.resourceType).toBe('Claim');
    expect(claim.body.identifier).toEqual(request.entry[0]!.resource.identifier);
    // Bundle-local references became the submitter's absolute fullUrls
    expect(claim.body.patient.reference).toBe(request.entry.find((e) => e.resource.resourceType === 'Patient')!.fullUrl);
    const read = await get(entry.fullUrl!);
    expect(read.status).toBe(200);
    expect(read.body.preAuthRef).toBe(claimResponse.preAuthRef);
    expect(read.body.request.reference).toBe(claimResponse.request.reference);
    expect((await get(claimUrl, 'clinic-b')).status).toBe(404);
    expect((await get(entry.fullUrl!, 'clinic-b')).status).toBe(404);
  });
});

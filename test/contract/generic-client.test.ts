/**
 * The EHR and payer driven by a maintained generic FHIR client from npm (fhir-kit-client) over a
 * real server, the way an integration team would: CapabilityStatement, read, search with GET and
 * POST `_search`, compartment search, paging by `link[next]`, operations by POST (the client's
 * default) and GET, and DTR's `$questionnaire-package`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'fhir-kit-client';
import { expressServer, type ContractTarget } from './targets.js';
import { PERSONAS } from '../../src/contracts/personas.js';
import { draftOrder, packageRequest } from '../../src/payer/testing/crd-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let target: ContractTarget;
let ehr: Client;
let payer: Client;
beforeAll(async () => {
  target = await expressServer();
  ehr = new Client({ baseUrl: `${target.baseUrl}/ehr/fhir` });
  payer = new Client({ baseUrl: `${target.baseUrl}/payer/fhir` });
});
afterAll(() => target?.close());

const ids = (b: Json) => ((b.entry ?? []) as Json[]).map((e) => `${e.resource.resourceType}/${e.resource.id}`);
const persona = PERSONAS.find((p) => p.procedure === 'semaglutide')!.id;

describe('a generic FHIR client (fhir-kit-client) against the EHR and payer', () => {
  it('reads both CapabilityStatements', async () => {
    expect(((await ehr.capabilityStatement()) as Json).fhirVersion).toBe('4.0.1');
    expect(((await payer.capabilityStatement()) as Json).rest[0].resource.map((r: Json) => r.type)).toEqual(expect.arrayContaining(['Claim', 'Questionnaire']));
  });

  it('pages a search to its end with nextPage, each patient once', async () => {
    const seen: string[] = [];
    let page: Json | undefined = (await ehr.search({ resourceType: 'Patient', searchParams: { _count: 3 } })) as Json;
    while (page) {
      seen.push(...ids(page));
      page = (await ehr.nextPage({ bundle: page as never })) as Json | undefined;
    }
    expect(seen.sort()).toEqual(PERSONAS.map((p) => `Patient/${p.id}`).sort());
  });

  it('searches by GET and by POST _search with the same result, and reads what it found', async () => {
    const patient = (await ehr.read({ resourceType: 'Patient', id: persona })) as Json;
    const family = patient.name[0].family as string;
    const byGet = (await ehr.search({ resourceType: 'Patient', searchParams: { name: family, gender: patient.gender } })) as Json;
    const byPost = (await ehr.search({ resourceType: 'Patient', searchParams: { name: family, gender: patient.gender }, options: { postSearch: true } })) as Json;
    expect(ids(byGet)).toContain(`Patient/${persona}`);
    expect(ids(byPost)).toEqual(ids(byGet));
  });

  it('compartment search answers what a patient= search answers', async () => {
    const compartment = (await ehr.compartmentSearch({ resourceType: 'Observation', compartment: { resourceType: 'Patient', id: persona }, searchParams: { code: 'http://loinc.org|4548-4' } })) as Json;
    const byParam = (await ehr.search({ resourceType: 'Observation', searchParams: { patient: persona, code: 'http://loinc.org|4548-4' } })) as Json;
    expect(compartment.total).toBeGreaterThan(0);
    expect(ids(compartment)).toEqual(ids(byParam));
  });

  it('calls $everything by POST (its default) and by GET', async () => {
    const post = (await ehr.operation({ resourceType: 'Patient', id: persona, name: '$everything', input: { resourceType: 'Parameters', parameter: [{ name: '_count', valueInteger: 1000 }] } })) as Json;
    const get = (await ehr.operation({ resourceType: 'Patient', id: persona, name: 'everything', method: 'GET', input: { _count: 1000 } })) as Json;
    expect(post.total).toBeGreaterThan(5);
    expect(ids(post)).toEqual(ids(get));
  });

  it('calls DTR $questionnaire-package on the payer', async () => {
    const out = (await payer.operation({ resourceType: 'Questionnaire', name: 'questionnaire-package', input: packageRequest({ orders: [draftOrder('semaglutide')] }) })) as Json;
    expect(out.parameter[0].resource.entry[0].resource.resourceType).toBe('Questionnaire');
  });

  it('surfaces a 406 for XML as an error', async () => {
    await expect(ehr.read({ resourceType: 'Patient', id: persona, options: { headers: { accept: 'application/fhir+xml' } } })).rejects.toMatchObject({ response: { status: 406 } });
  });
});

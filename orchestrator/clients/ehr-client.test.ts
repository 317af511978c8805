/** The EHR client against the real simulator in-process: reads, searches and $everything paging. */
import { createSimulator } from '../../src/simulator.js';
import { PERSONAS } from '../../src/contracts/personas.js';
import { PermanentError, TransientError } from './client-errors.js';
import { createEhrClient } from './ehr-client.js';
import type { FetchLike } from './http-client.js';

const sim = createSimulator({ config: { seed: 1 } });
const fetchImpl: FetchLike = (input, init) => sim.handle(new Request(input, init));
const ehr = createEhrClient({ baseUrl: 'http://sim.test', fetch: fetchImpl, timeoutMs: 1000 });
const keys = (rs: { resourceType: string; id: string }[]) => rs.map((r) => `${r.resourceType}/${r.id}`);

describe('EHR client', () => {
  test('reads a patient', async () => {
    const p = await ehr.readPatient('pat-lumbar-meets');
    expect(p).toMatchObject({ resourceType: 'Patient', id: 'pat-lumbar-meets' });
  });

  test('$everything follows link[next] through every page and collects each resource once', async () => {
    for (const persona of PERSONAS) {
      const onePage = await ehr.everything(persona.id, { count: 1000 });
      const paged = await ehr.everything(persona.id, { count: 2 });
      expect(onePage.length).toBeGreaterThan(4);
      expect(keys(paged)).toEqual(keys(onePage));
      expect(new Set(keys(paged)).size).toBe(paged.length);
    }
  });

  test('counts the pages it followed', async () => {
    const urls: string[] = [];
    const spy = createEhrClient({ baseUrl: 'http://sim.test', timeoutMs: 1000, fetch: (u, i) => (urls.push(u), fetchImpl(u, i)) });
    const all = await spy.everything('pat-knee-meets', { count: 3 });
    expect(urls).toHaveLength(Math.ceil(all.length / 3));
    expect(all.some((r) => r.resourceType === 'Practitioner')).toBe(true);
  });

  test('searches by type, collecting every page', async () => {
    const obs = await ehr.search('Observation', { patient: 'pat-glp1-meets', code: 'http://loinc.org|4548-4', _count: '1' });
    expect(obs.map((o) => o.valueQuantity?.value).sort()).toEqual([8.4, 9.1]);
  });

  test('an unknown patient is a permanent error', async () => {
    await expect(ehr.everything('nobody')).rejects.toBeInstanceOf(PermanentError);
    await expect(ehr.readPatient('nobody')).rejects.toMatchObject({ status: 404, retryable: false });
  });

  test('a server whose next link loops is refused', async () => {
    const page = (next: string) => ({ resourceType: 'Bundle', type: 'searchset', total: 1, link: [{ relation: 'self', url: next }, { relation: 'next', url: next }] });
    const looping: FetchLike = async () => new Response(JSON.stringify(page('http://sim.test/ehr/fhir/Patient/p/$everything?_offset=1')), { headers: { 'content-type': 'application/fhir+json' } });
    const client = createEhrClient({ baseUrl: 'http://sim.test', fetch: looping, timeoutMs: 1000 });
    await expect(client.everything('p')).rejects.toThrow(/paging loop/);
  });

  test('an endless chain of distinct pages stops at maxPages', async () => {
    let n = 0;
    const endless: FetchLike = async () => new Response(JSON.stringify({
      resourceType: 'Bundle', type: 'searchset', total: 1, link: [{ relation: 'self', url: 'x' }, { relation: 'next', url: `http://sim.test/p?_offset=${++n}` }],
    }), { headers: { 'content-type': 'application/fhir+json' } });
    const client = createEhrClient({ baseUrl: 'http://sim.test', fetch: endless, timeoutMs: 1000, maxPages: 5 });
    await expect(client.everything('p')).rejects.toBeInstanceOf(TransientError);
    expect(n).toBe(5);
  });
});

/** `Patient/$everything`: paging through link.next, `_type`, `_since`, and completeness. */
import { describe, expect, it } from '@jest/globals';
import { EverythingBundleSchema, type EhrResource, type EverythingBundle } from '../contracts/ehr.js';
import { createSimulator } from '../simulator.js';
import { PERSONAS } from '../contracts/personas.js';

const BASE = 'http://sim.test/ehr/fhir';
const sim = createSimulator({ config: { seed: 7 } });

async function page(url: string): Promise<EverythingBundle> {
  const res = await sim.handle(new Request(url));
  expect(res.status).toBe(200);
  return EverythingBundleSchema.parse(await res.json());
}
const key = (r: EhrResource) => `${r.resourceType}/${r.id}`;
const next = (b: EverythingBundle) => b.link.find((l) => l.relation === 'next')?.url;

/** Follow link.next from `url` to the end; every page's resources, in order. */
async function walk(url: string): Promise<{ pages: EverythingBundle[]; resources: EhrResource[] }> {
  const pages: EverythingBundle[] = [];
  for (let u: string | undefined = url; u; u = next(pages[pages.length - 1]!)) pages.push(await page(u));
  return { pages, resources: pages.flatMap((p) => (p.entry ?? []).map((e) => e.resource)) };
}

describe('Patient/$everything', () => {
  it.each(PERSONAS.map((p) => p.id))('pages %s with _count=5, visiting every resource exactly once', async (id) => {
    const full = await page(`${BASE}/Patient/${id}/$everything?_count=1000`);
    const all = full.entry!.map((e) => key(e.resource));
    expect(next(full)).toBeUndefined();
    const { pages, resources } = await walk(`${BASE}/Patient/${id}/$everything?_count=5`);
    expect(resources.map(key)).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
    expect(pages.length).toBe(Math.ceil(all.length / 5));
    for (const p of pages) expect(p.total).toBe(all.length);
    pages.slice(0, -1).forEach((p) => expect(p.entry).toHaveLength(5));
    expect(next(pages[pages.length - 1]!)).toBeUndefined();
    expect(pages[0]!.link.find((l) => l.relation === 'self')?.url).toBe(`${BASE}/Patient/${id}/$everything?_count=5`);
  });

  it('holds the patient, their chart and every practitioner and organization it references', async () => {
    const { resources } = await walk(`${BASE}/Patient/pat-knee-meets/$everything`);
    expect(key(resources[0]!)).toBe('Patient/pat-knee-meets');
    const present = new Set(resources.map(key));
    const refs = [...JSON.stringify(resources).matchAll(/"reference":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(present.has(ref)).toBe(true);
    const types = new Set(resources.map((r) => r.resourceType));
    for (const t of ['Patient', 'Condition', 'Observation', 'Procedure', 'MedicationRequest', 'Coverage', 'DocumentReference', 'Practitioner', 'Organization']) expect(types.has(t as EhrResource['resourceType'])).toBe(true);
    expect(resources.some((r) => JSON.stringify(r).includes('Patient/pat-knee-fails'))).toBe(false);
  });

  it('keeps only the _type list, across pages', async () => {
    const full = (await page(`${BASE}/Patient/pat-glp1-meets/$everything?_count=1000`)).entry!.map((e) => e.resource);
    const { pages, resources } = await walk(`${BASE}/Patient/pat-glp1-meets/$everything?_count=2&_type=Observation,MedicationRequest`);
    const expected = full.filter((r) => r.resourceType === 'Observation' || r.resourceType === 'MedicationRequest');
    expect(expected.length).toBeGreaterThan(2);
    expect(resources.map(key)).toEqual(expected.map(key));
    expect(pages.length).toBeGreaterThan(1);
    expect(next(pages[0]!)).toContain('_type=Observation%2CMedicationRequest');
  });

  it('keeps resources updated at or after _since', async () => {
    const full = (await page(`${BASE}/Patient/pat-knee-meets/$everything?_count=1000`)).entry!.map((e) => e.resource);
    const stamps = full.map((r) => r.meta!.lastUpdated!).sort();
    const since = stamps[Math.floor(stamps.length / 2)]!;
    const { resources } = await walk(`${BASE}/Patient/pat-knee-meets/$everything?_count=3&_since=${encodeURIComponent(since)}`);
    const expected = full.filter((r) => Date.parse(r.meta!.lastUpdated!) >= Date.parse(since));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(full.length);
    expect(resources.map(key)).toEqual(expected.map(key));
    const sameInstantElsewhere = new Date(Date.parse(since) + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+02:00');
    const shifted = await walk(`${BASE}/Patient/pat-knee-meets/$everything?_count=1000&_since=${encodeURIComponent(sameInstantElsewhere)}`);
    expect(shifted.resources.map(key)).toEqual(expected.map(key));
  });

  it('answers a total of 0 and no entries when _since is in the future', async () => {
    const future = new Date(sim.clock.now() + 86_400_000).toISOString();
    const b = await page(`${BASE}/Patient/pat-knee-meets/$everything?_since=${future}`);
    expect(b.total).toBe(0);
    expect(b.entry).toBeUndefined();
  });
});

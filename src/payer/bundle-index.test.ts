import { BundleIndex } from './bundle-index.js';

const index = new BundleIndex([
  { fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient', id: 'p-1' } },
  { resource: { resourceType: 'Practitioner', id: 'dr.1' } },
]);

describe('BundleIndex references', () => {
  it.each([
    ['Patient/p-1', 0],
    ['urn:uuid:1', 0],
    ['http://ehr.test/fhir/Patient/p-1', 0],
    ['http://ehr.test/fhir/Patient/p-1/_history/3', 0],
    ['Practitioner/dr.1', 1],
    ['Patient/p-2', undefined],
    ['p-1', undefined],
    ['Patient/p-1/_history/', undefined],
    ['/Patient/p 1', undefined],
  ])('%s → %s', (reference, expected) => {
    expect(index.indexOf(reference)).toBe(expected);
  });

  it('answers a crafted 1 MB reference at once (the unanchored regex it replaces backtracked quadratically)', () => {
    expect(index.indexOf(`${'a'.repeat(1_000_000)}!`)).toBeUndefined();
    expect(index.indexOf(`${'Patient/'.repeat(100_000)}x!`)).toBeUndefined();
  });
});

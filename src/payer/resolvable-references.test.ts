import { describe, expect, it } from '@jest/globals';
import { BundleIndex } from './bundle-index.js';
import { withResolvableReferences } from './resolvable-references.js';

describe('withResolvableReferences', () => {
  const patient = { resourceType: 'Patient', id: 'p1' };
  const org = { resourceType: 'Organization', id: 'o1' };
  const index = new BundleIndex([
    { fullUrl: 'urn:uuid:0b8c1f7e-1111-4a57-9e2c-3f1f0c1b2a01', resource: patient },
    { fullUrl: 'https://ehr.example/fhir/Organization/o1', resource: org },
  ]);

  it('absolutises references to entries with an http fullUrl and contains the others', () => {
    const claim = { resourceType: 'Claim', patient: { reference: 'urn:uuid:0b8c1f7e-1111-4a57-9e2c-3f1f0c1b2a01' }, insurer: { reference: 'Organization/o1' }, request: { reference: 'Claim/own' }, other: { reference: 'Patient/p1' } };
    const out = withResolvableReferences(claim, index, ['request']) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.insurer.reference).toBe('https://ehr.example/fhir/Organization/o1');
    expect(out.patient.reference).toBe('#c0');
    expect(out.other.reference).toBe('#c0');
    expect(out.contained).toEqual([{ resourceType: 'Patient', id: 'c0' }]);
    expect(out.request.reference).toBe('Claim/own');
    expect(claim.patient.reference).toBe('urn:uuid:0b8c1f7e-1111-4a57-9e2c-3f1f0c1b2a01');
  });

  it('leaves unresolvable and already-absolute references alone', () => {
    const out = withResolvableReferences({ resourceType: 'Claim', a: { reference: 'Patient/zzz' }, b: { reference: 'https://x/Patient/1' } }, index) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.a.reference).toBe('Patient/zzz');
    expect(out.b.reference).toBe('https://x/Patient/1');
    expect(out.contained).toBeUndefined();
  });
});

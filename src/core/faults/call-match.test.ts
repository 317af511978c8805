import { routeMatches } from './call-match.js';

describe('fault rule route globs', () => {
  it.each([
    ['/payer/fhir/*', '/payer/fhir/metadata', true],
    ['/payer/fhir/*', '/payer/fhir/Claim/$submit', false],
    ['/payer/**', '/payer/fhir/Claim/$submit', true],
    ['/payer/**/$submit', '/payer/fhir/Claim/$submit', true],
    ['/payer/**/$submit', '/payer/fhir/Claim/$inquire', false],
    ['/ehr/fhir/Patient/*/$everything', '/ehr/fhir/Patient/p-1/$everything', true],
    ['/ehr/fhir/Patient/*/$everything', '/ehr/fhir/Patient/p-1/$everything/', true],
    ['/ehr/*/Patient', '/ehr/fhir/Patient', true],
    ['**', '/anything/at/all', true],
    ['/a.b/*', '/aXb/c', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(routeMatches(glob, path)).toBe(expected);
  });

  it('decides a long hostile path against a glob of many ** without backtracking (the regex it replaces was polynomial)', () => {
    const glob = '/**/**/**/**/**/**/**/x';
    expect(routeMatches(glob, `/${'a/'.repeat(50_000)}y`)).toBe(false);
    expect(routeMatches(glob, `/${'a/'.repeat(50_000)}x`)).toBe(true);
  });
});

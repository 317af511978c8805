import { describe, expect, it } from '@jest/globals';
import { dateMatches, parseDateParam, rangeOf } from './date-search.js';

const day = rangeOf('2026-03-10')!;
const instant = rangeOf('2026-03-10T12:00:00Z')!;

describe('FHIR date search', () => {
  it.each([
    ['2026-03-10', day, true], ['2026-03', day, true], ['2026', day, true], ['2026-03-11', day, false],
    ['eq2026-03-10', instant, true], ['ne2026-03-10', instant, false], ['gt2026-03-09', day, true], ['gt2026-03-10', day, false],
    ['lt2026-03-11', day, true], ['lt2026-03-10', day, false], ['ge2026-03-10', day, true], ['ge2026-03-11', day, false],
    ['le2026-03-10', day, true], ['le2026-03-09', day, false], ['sa2026-03-09', day, true], ['eb2026-03-11', day, true],
    ['eb2026-03-10', day, false], ['ap2026-03', instant, true], ['gt2026-03-10T11:59:59Z', instant, true],
  ])('%s against %j → %s', (raw, target, expected) => {
    expect(dateMatches(parseDateParam(raw, 'x'), target)).toBe(expected);
  });

  it('refuses what is not a date', () => {
    expect(() => parseDateParam('gtsoon', 'Patient.birthdate')).toThrow(/not a FHIR date search value/);
    expect(rangeOf('2026-13-45T')).toBeUndefined();
  });
});

/**
 * Claim number i's PAS submission for the benches: the same bytes every time it is built, so a
 * bench can submit it again (an idempotent replay) or find it by its identifiers without keeping
 * tens of thousands of bundles alive itself (50,000 of them would be ~275 MB of the bench's heap).
 */
import { meetsCriteria, pasBundle } from '../src/payer/testing/pas-fixtures.js';

const evidence = meetsCriteria('lumbarMri');

export const numberedClaim = {
  bundle(i: number) {
    const b = pasBundle({ procedure: 'lumbarMri', evidence, patientId: `pat-${i}`, claimId: `CLM-${i}`, bundleId: `TX-${i}` });
    const claim = b.entry[0]!;
    claim.resource.id = `claim-${i}`;
    claim.fullUrl = `http://ehr.test/fhir/Claim/claim-${i}`;
    return b;
  },
  /** Its Idempotency-Key. */
  key: (i: number) => `k-${i}`,
  claimIdentifier: (i: number) => ({ system: 'urn:trnorg:1234567890', value: `CLM-${i}` }),
  bundleIdentifier: (i: number) => ({ system: 'urn:example:submitter-transaction', value: `TX-${i}` }),
  patient: (i: number) => `Patient/pat-${i}`,
  provider: 'Practitioner/dr-1',
};

/**
 * A tiny system for fault and adapter tests: a payer `$submit` that counts commits (to prove a
 * response lost after commit did commit) and an EHR Patient read and search.
 */
import type { SystemFactory } from '../engine.js';
import { fhirResponse } from '../operation-outcome.js';

export interface TestSystem {
  readonly factory: SystemFactory;
  /** `$submit` calls whose handler ran to completion. */
  readonly commits: () => number;
}

export function createTestSystem(): TestSystem {
  let commits = 0;
  const factory: SystemFactory = () => ({
    name: 'test',
    routes: [
      {
        method: 'POST',
        path: '/payer/fhir/Claim/$submit',
        handler: async (req) => {
          const body = await req.text();
          commits += 1;
          return fhirResponse({ resourceType: 'Bundle', type: 'collection', id: `response-${commits}`, total: body.length });
        },
      },
      {
        method: 'GET',
        path: '/ehr/fhir/Patient/:id',
        handler: (req) => fhirResponse({ resourceType: 'Patient', id: req.params.id, name: [{ family: 'Rivera', given: ['Ana'] }] }),
      },
      {
        method: 'GET',
        path: '/ehr/fhir/Patient',
        handler: () => fhirResponse({ resourceType: 'Bundle', type: 'searchset', total: 0, link: [{ relation: 'self', url: '/ehr/fhir/Patient' }] }),
      },
    ],
  });
  return { factory, commits: () => commits };
}

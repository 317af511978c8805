/**
 * The EHR's CapabilityStatement (`GET /ehr/fhir/metadata`): FHIR 4.0.1, JSON, read and
 * search (GET, or POST `_search` with a form body) on every served type with exactly the
 * search parameters `search.ts` implements, the Patient compartment, and `Patient/$everything`
 * (GET or POST). test/contract/capability-walk.test.ts exercises every declared item.
 */
import type { CapabilityStatement } from '../contracts/ehr.js';
import { FHIR_VERSION } from '../contracts/fhir-base.js';
import { instant } from './fhir-builders.js';
import { SEARCH_PARAMS } from './search.js';
import { OFFSET_PARAM } from './searchset.js';
import { SERVED_TYPES } from './resource-types.js';
import { SUMMARY_VALUES } from '../core/fhir-rest/result-params.js';

const PAGING = [
  { name: '_count', type: 'number', documentation: 'Page size, 1–1000' },
  { name: OFFSET_PARAM, type: 'number', documentation: 'Opaque page position: follow link[relation=next]' },
  { name: '_summary', type: 'token', documentation: `${SUMMARY_VALUES.join(', ')} (true and text are refused with 400)` },
  { name: '_elements', type: 'string', documentation: 'Comma list of top-level elements; mandatory elements are kept and the resource is tagged SUBSETTED' },
];

/** `security`: the SMART block when auth is on (see src/auth/smart-configuration.ts). */
export function capabilityStatement(now: number, origin: string, security?: Record<string, unknown>): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: instant(now),
    publisher: 'prior-auth-sim',
    kind: 'instance',
    software: { name: 'prior-auth-sim EHR' },
    implementation: { description: 'Synthetic EHR (FHIR R4 / US Core shapes) of prior-auth-sim', url: `${origin}/ehr/fhir` },
    fhirVersion: FHIR_VERSION,
    format: ['json'],
    rest: [{
      mode: 'server',
      documentation: 'Search by GET [type]?params or POST [type]/_search (application/x-www-form-urlencoded). Undeclared parameters are ignored and left out of the self link; with Prefer: handling=strict they are refused (400). Only application/fhir+json is served: other _format or Accept values get 406.',
      ...(security ? { security } : {}),
      resource: SERVED_TYPES.map((type) => ({
        type,
        interaction: [{ code: 'read' }, { code: 'search-type' }],
        searchParam: [...SEARCH_PARAMS[type], ...PAGING].map((p) => ({ ...p })),
        ...(type === 'Patient' ? {
          operation: [{
            name: 'everything',
            definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
            documentation: `GET, or POST with a Parameters body of primitives. Paged with _count and link[relation=next]; _type (comma list of ${SERVED_TYPES.join(', ')}); _since (instant, on meta.lastUpdated, inclusive)`,
          }],
        } : {}),
      })),
      compartment: ['http://hl7.org/fhir/CompartmentDefinition/patient'],
    }],
  };
}

/**
 * The EHR's CapabilityStatement (`GET /ehr/fhir/metadata`): FHIR 4.0.1, JSON, read and
 * search on every served type with its search parameters, and `Patient/$everything`.
 */
import type { CapabilityStatement } from '../contracts/ehr.js';
import { FHIR_VERSION } from '../contracts/fhir-base.js';
import { instant } from './fhir-builders.js';
import { SEARCH_PARAMS } from './search.js';
import { OFFSET_PARAM } from './searchset.js';
import { SERVED_TYPES } from './resource-types.js';

const PAGING = [
  { name: '_count', type: 'number', documentation: 'Page size, 1–1000' },
  { name: OFFSET_PARAM, type: 'number', documentation: 'Opaque page position: follow link[relation=next]' },
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
      ...(security ? { security } : {}),
      resource: SERVED_TYPES.map((type) => ({
        type,
        interaction: [{ code: 'read' }, { code: 'search-type' }],
        searchParam: [...SEARCH_PARAMS[type], ...PAGING].map((p) => ({ ...p })),
        ...(type === 'Patient' ? {
          operation: [{
            name: 'everything',
            definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
            documentation: `Paged with _count and link[relation=next]; _type (comma list of ${SERVED_TYPES.join(', ')}); _since (instant, on meta.lastUpdated, inclusive)`,
          }],
        } : {}),
      })),
    }],
  };
}

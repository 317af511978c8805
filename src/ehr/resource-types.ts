/** The resource types this EHR serves, and the error for any other type named in a path. */
import type { EhrResourceType } from '../contracts/ehr.js';
import { outcome, OperationOutcomeError } from '../core/operation-outcome.js';

export const SERVED_TYPES = [
  'Patient', 'Condition', 'Observation', 'Procedure', 'MedicationRequest', 'Coverage', 'DocumentReference',
  'Practitioner', 'Organization',
] as const satisfies readonly EhrResourceType[];

export function isServedType(name: string): name is EhrResourceType {
  return (SERVED_TYPES as readonly string[]).includes(name);
}

/** 404 not-supported: `GET /ehr/fhir/Foo` names a type this EHR does not serve. */
export function unsupportedType(name: string): OperationOutcomeError {
  return new OperationOutcomeError(
    outcome('not-supported', `resource type "${name}" is not supported by this EHR: it serves ${SERVED_TYPES.join(', ')}`),
    404,
  );
}

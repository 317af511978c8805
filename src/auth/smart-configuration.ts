/**
 * What a SMART client discovers: `{fhirBase}/.well-known/smart-configuration` (token endpoint,
 * private_key_jwt with RS384/ES384, client_credentials, system scopes) and the `rest.security`
 * block both CapabilityStatements carry when auth is on (SMART-on-FHIR service coding and the
 * oauth-uris extension naming the token URL).
 */
import { ASSERTION_ALGS, type AuthSystem, type SmartConfiguration } from '../contracts/auth.js';
import type { SimulatorContext } from '../core/engine.js';
import type { SimRequest } from '../core/router.js';
import { authOf } from './auth-state.js';
import { fhirBaseUrl, tokenUrl } from './auth-urls.js';

/** The scopes each system advertises (v1 and v2 forms are both accepted). */
export const SYSTEM_SCOPES: Record<AuthSystem, readonly string[]> = {
  payer: ['system/Claim.write', 'system/Claim.read', 'system/Subscription.write', 'system/Subscription.read', 'system/Claim.cs', 'system/Subscription.crd', 'system/*.read', 'system/*.write'],
  ehr: ['system/*.read', 'system/Patient.read', 'system/Condition.read', 'system/Observation.read', 'system/Procedure.read', 'system/MedicationRequest.read', 'system/Coverage.read', 'system/DocumentReference.read', 'system/Practitioner.read', 'system/Organization.read', 'system/*.rs'],
};

export function smartConfiguration(req: SimRequest, system: AuthSystem): SmartConfiguration {
  return {
    issuer: fhirBaseUrl(req, system),
    token_endpoint: tokenUrl(req, system),
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    grant_types_supported: ['client_credentials'],
    scopes_supported: [...SYSTEM_SCOPES[system]],
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
  };
}

const OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

/** `CapabilityStatement.rest[0].security` when auth is on; undefined with `auth: none`. */
export function capabilitySecurity(ctx: SimulatorContext, req: SimRequest, system: AuthSystem): Record<string, unknown> | undefined {
  if (!authOf(ctx).smart) return undefined;
  return {
    extension: [{ url: OAUTH_URIS, extension: [{ url: 'token', valueUri: tokenUrl(req, system) }] }],
    service: [{
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR', display: 'SMART-on-FHIR' }],
      text: 'SMART Backend Services: client_credentials with a private_key_jwt assertion (RS384 or ES384)',
    }],
    description: `Bearer tokens from ${tokenUrl(req, system)}; discovery at ${fhirBaseUrl(req, system)}/.well-known/smart-configuration. Scopes: ${SYSTEM_SCOPES[system].join(' ')}.`,
  };
}

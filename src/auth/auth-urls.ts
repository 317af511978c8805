/**
 * Absolute URLs of the auth endpoints as clients must use them (the token URL is the `aud` of
 * every client assertion). The one place they are built from a request's origin.
 */
import { smartConfigurationPath, tokenPath, type AuthSystem } from '../contracts/auth.js';
import type { SimRequest } from '../core/router.js';

export const tokenUrl = (req: SimRequest, system: AuthSystem) => `${req.origin}${tokenPath(system)}`;
export const fhirBaseUrl = (req: SimRequest, system: AuthSystem) => `${req.origin}/${system}/fhir`;
export const smartConfigurationUrl = (req: SimRequest, system: AuthSystem) => `${req.origin}${smartConfigurationPath(system)}`;

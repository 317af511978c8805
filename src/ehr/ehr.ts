/** The EHR system: FHIR R4 / US Core reads over a synthetic panel. (placeholder: being built) */
import type { SystemFactory } from '../core/engine.js';

export const createEhr: SystemFactory = () => ({ name: 'ehr', routes: [] });

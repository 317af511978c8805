/**
 * Test helpers for the payer's CRD and DTR services: a draft order for a procedure, the CDS
 * Hooks request an EHR sends for it (optionally with prefetched evidence), and the
 * `$questionnaire-package` Parameters a DTR client sends.
 */
import { DiagnosisCodes, ProcedureCodes, type ProcedureKey } from '../../contracts/clinical-codes.js';
import type { Resource } from '../../contracts/fhir-base.js';

const REASON = { lumbarMri: DiagnosisCodes.lowBackPain, totalKnee: DiagnosisCodes.kneeOaRight, polysomnography: DiagnosisCodes.sleepApnea, semaglutide: DiagnosisCodes.type2Diabetes };

/** A draft ServiceRequest (a MedicationRequest for semaglutide) with the procedure's primary diagnosis as reasonCode. */
export function draftOrder(procedure: ProcedureKey, patientId = 'pat-1', id = 'order-1'): Record<string, unknown> {
  const code = { coding: [ProcedureCodes[procedure]] };
  const common = { id, status: 'draft', intent: 'order', subject: { reference: `Patient/${patientId}` }, reasonCode: [{ coding: [REASON[procedure]] }] };
  return procedure === 'semaglutide'
    ? { resourceType: 'MedicationRequest', ...common, medicationCodeableConcept: code }
    : { resourceType: 'ServiceRequest', ...common, code };
}

/** A proposed Appointment for a procedure (serviceType carries its code), as appointment-book sends it. */
export function appointment(procedure: ProcedureKey, patientId = 'pat-1', id = 'appt-1'): Record<string, unknown> {
  return {
    resourceType: 'Appointment', id, status: 'proposed',
    serviceType: [{ coding: [ProcedureCodes[procedure]] }], reasonCode: [{ coding: [REASON[procedure]] }],
    participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'needs-action' }],
  };
}

/** A CDS Hooks request: `orders` go to context.draftOrders, or to context.appointments for appointment-book. */
export function hookRequest(hook: 'order-select' | 'order-sign' | 'appointment-book', orders: Record<string, unknown>[], o: { patientId?: string; evidence?: Resource[]; selections?: string[] } = {}) {
  const patientId = o.patientId ?? 'pat-1';
  const bundle = { resourceType: 'Bundle', type: 'collection', entry: orders.map((resource) => ({ resource })) };
  return {
    hook,
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context: {
      userId: 'Practitioner/dr-1', patientId,
      ...(o.selections ? { selections: o.selections } : {}),
      ...(hook === 'appointment-book' ? { appointments: bundle } : { draftOrders: bundle }),
    },
    ...(o.evidence ? { prefetch: { conditions: { resourceType: 'Bundle', type: 'searchset', entry: o.evidence.map((resource) => ({ resource })) } } } : {}),
  };
}

export function packageRequest(o: { orders?: Record<string, unknown>[]; questionnaires?: string[]; patientId?: string } = {}) {
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'coverage', resource: { resourceType: 'Coverage', id: 'cov-1', status: 'active', beneficiary: { reference: `Patient/${o.patientId ?? 'pat-1'}` }, payor: [{ reference: 'Organization/payer-1' }] } },
      ...(o.orders ?? []).map((resource) => ({ name: 'order', resource })),
      ...(o.questionnaires ?? []).map((valueCanonical) => ({ name: 'questionnaire', valueCanonical })),
    ],
  };
}

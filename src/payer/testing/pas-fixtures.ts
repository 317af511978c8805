/**
 * Test fixtures for PAS request Bundles, reusable by any test (no dependency on src/ehr):
 * `pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') })`. Dates count
 * back from the virtual clock's default epoch, so evidence is "recent" on a fresh simulator.
 */
import { DiagnosisCodes, DocumentTypes, MedicationCodes, ObservationCodes, ProcedureCodes, TherapyCodes, type ProcedureKey } from '../../contracts/clinical-codes.js';
import { CodeSystems, type Coding, type Resource } from '../../contracts/fhir-base.js';
import { DEFAULT_EPOCH } from '../../core/clock.js';

const DAY = 86_400_000;
const daysAgo = (d: number, from = DEFAULT_EPOCH) => new Date(from - d * DAY).toISOString().slice(0, 10);
type CodeDef = { system: string; code: string; display?: string };
const cc = (c: CodeDef) => ({ coding: [{ system: c.system, code: c.code, display: c.display }] });
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

/** Evidence resource factories; subjects are filled in by `pasBundle`. */
export const ev = {
  condition: (c: CodeDef): Resource => ({ resourceType: 'Condition', id: nextId('cond'), code: cc(c), clinicalStatus: { coding: [{ system: CodeSystems.conditionClinical, code: 'active' }] } }),
  observation: (c: CodeDef, value: number, unit: string, ago = 10): Resource => ({
    resourceType: 'Observation', id: nextId('obs'), status: 'final', code: cc(c), effectiveDateTime: `${daysAgo(ago)}T09:00:00Z`,
    valueQuantity: { value, unit, system: CodeSystems.ucum, code: unit },
  }),
  procedure: (c: CodeDef, startAgo: number, endAgo: number): Resource => ({
    resourceType: 'Procedure', id: nextId('proc'), status: 'completed', code: cc(c), performedPeriod: { start: daysAgo(startAgo), end: daysAgo(endAgo) },
  }),
  medication: (c: CodeDef, startAgo: number, endAgo: number): Resource => ({
    resourceType: 'MedicationRequest', id: nextId('med'), status: 'completed', intent: 'order', medicationCodeableConcept: cc(c),
    authoredOn: daysAgo(startAgo), dispenseRequest: { validityPeriod: { start: daysAgo(startAgo), end: daysAgo(endAgo) } },
  }),
  document: (c: CodeDef, text = 'Clinical note'): Resource => ({
    resourceType: 'DocumentReference', id: nextId('doc'), status: 'current', type: cc(c),
    content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(text).toString('base64') } }],
  }),
};

/** Evidence that meets each policy in full. */
export function meetsCriteria(p: ProcedureKey): Resource[] {
  switch (p) {
    case 'lumbarMri':
      return [ev.procedure(TherapyCodes.physicalTherapy, 70, 20), ev.medication(MedicationCodes.naproxen, 60, 30), ev.document(DocumentTypes.progressNote)];
    case 'totalKnee':
      return [
        ev.observation(ObservationCodes.kellgrenLawrence, 4, '{grade}', 30), ev.procedure(TherapyCodes.physicalTherapy, 200, 60),
        ev.observation(ObservationCodes.functionalLimitation, 3, '{score}'), ev.observation(ObservationCodes.bmi, 31.5, 'kg/m2'),
        ev.document(DocumentTypes.imagingReport),
      ];
    case 'polysomnography':
      return [ev.observation(ObservationCodes.stopBang, 5, '{score}'), ev.condition(DiagnosisCodes.copd), ev.document(DocumentTypes.sleepStudyReferral)];
    case 'semaglutide':
      return [ev.observation(ObservationCodes.hba1c, 8.2, '%'), ev.medication(MedicationCodes.metformin, 200, 5)];
  }
}

const PRIMARY_DIAGNOSIS: Record<ProcedureKey, CodeDef> = {
  lumbarMri: DiagnosisCodes.lowBackPain, totalKnee: DiagnosisCodes.kneeOaRight,
  polysomnography: DiagnosisCodes.sleepApnea, semaglutide: DiagnosisCodes.type2Diabetes,
};

export interface PasBundleOptions {
  procedure?: ProcedureKey;
  /** Overrides the item's coding (e.g. an invalid code). */
  productOrService?: Coding;
  quantity?: number;
  diagnoses?: CodeDef[];
  evidence?: Resource[];
  /** Bundle.identifier value (default: unique per call). */
  bundleId?: string;
  /** Claim.identifier value (default: unique per call). */
  claimId?: string;
  patientId?: string;
}

/** A valid PAS request Bundle: Claim first, then Patient, Organization (insurer), Practitioner, Coverage, evidence. */
export function pasBundle(o: PasBundleOptions = {}) {
  const n = ++seq;
  const procedure = o.procedure ?? 'lumbarMri';
  const patientId = o.patientId ?? 'pat-1';
  const evidence = (o.evidence ?? []).map((r) => ({ ...r, subject: { reference: `Patient/${patientId}` } }));
  const claim = {
    resourceType: 'Claim', id: `claim-${n}`,
    identifier: [{ system: 'urn:trnorg:1234567890', value: o.claimId ?? `CLM-${n}` }],
    status: 'active', type: cc({ system: CodeSystems.claimType, code: 'professional' }), use: 'preauthorization',
    patient: { reference: `Patient/${patientId}` }, created: new Date(DEFAULT_EPOCH).toISOString(),
    insurer: { reference: 'Organization/payer-1' }, provider: { reference: 'Practitioner/dr-1' },
    priority: cc({ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }),
    insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/cov-1' } }],
    diagnosis: (o.diagnoses ?? [PRIMARY_DIAGNOSIS[procedure]]).map((d, i) => ({ sequence: i + 1, diagnosisCodeableConcept: cc(d) })),
    supportingInfo: evidence.map((r, i) => ({
      sequence: i + 1, category: cc({ system: 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASSupportingInfoType', code: 'additionalInformation' }),
      valueReference: { reference: `${r.resourceType}/${r.id}` },
    })),
    item: [{ sequence: 1, productOrService: { coding: [o.productOrService ?? ProcedureCodes[procedure]] }, quantity: { value: o.quantity ?? 1 } }],
  };
  const resources: Resource[] = [
    { resourceType: 'Patient', id: patientId, name: [{ family: 'Doe', given: ['Jane'] }], birthDate: '1970-01-01' },
    { resourceType: 'Organization', id: 'payer-1', name: 'Simulated Health Plan' },
    { resourceType: 'Practitioner', id: 'dr-1', name: [{ family: 'Welby' }] },
    { resourceType: 'Coverage', id: 'cov-1', status: 'active', beneficiary: { reference: `Patient/${patientId}` }, payor: [{ reference: 'Organization/payer-1' }] },
    ...evidence,
  ];
  return {
    resourceType: 'Bundle',
    identifier: { system: 'urn:example:submitter-transaction', value: o.bundleId ?? `TX-${n}` },
    type: 'collection',
    timestamp: new Date(DEFAULT_EPOCH).toISOString(),
    entry: [claim, ...resources].map((r) => ({ fullUrl: `http://ehr.test/fhir/${r.resourceType}/${r.id}`, resource: r })),
  };
}

export type PasFixtureBundle = ReturnType<typeof pasBundle>;

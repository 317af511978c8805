/**
 * Clinical extraction: reads one patient's chart from the EHR (`Patient/$everything`, every
 * page) and condenses it into `ClinicalFacts`. Deterministic: the same chart and `now` always
 * give the same facts, in the same order.
 */
import type {
  Condition, Coverage, DocumentReference, EhrResource, MedicationRequest, Observation, Organization, Patient, Practitioner, Procedure,
} from '../../src/contracts/ehr.js';
import type { EhrClient } from '../clients/ehr-client.js';
import type { ClinicalFacts, DiagnosisFact, DocumentFact, ObservationFact, TherapyFact } from './clinical-facts.js';
import { byDateThenId, DAY_MS, primaryCoding, toInstant, toMs } from './fhir-values.js';

export interface ClinicalExtractionInput {
  readonly patientId: string;
  readonly procedureCode: string;
  /** Epoch ms the facts are "as of" (checkpointed by the caller); default: the newest date in the chart. */
  readonly now?: number;
}

export interface ClinicalExtractionAgent {
  run(input: ClinicalExtractionInput): Promise<ClinicalFacts>;
}

const MAX_NOTE_CHARS = 4000;
const of = <T extends EhrResource['resourceType']>(all: EhrResource[], type: T) =>
  all.filter((r): r is Extract<EhrResource, { resourceType: T }> => r.resourceType === type);

function coded(r: EhrResource, cc: Parameters<typeof primaryCoding>[0]) {
  const c = primaryCoding(cc);
  return c ? { id: r.id, resourceType: r.resourceType, ...c } : undefined;
}

function diagnosis(r: Condition): DiagnosisFact | undefined {
  const c = coded(r, r.code);
  return c && { ...c, onset: r.onsetDateTime ?? r.recordedDate, clinicalStatus: primaryCoding(r.clinicalStatus)?.code, verificationStatus: primaryCoding(r.verificationStatus)?.code };
}

function observation(r: Observation): ObservationFact | undefined {
  const c = coded(r, r.code);
  const q = r.valueQuantity;
  return c && { ...c, date: r.effectiveDateTime, value: q?.value, unit: q?.code ?? q?.unit, category: primaryCoding(r.category[0])?.code };
}

function procedure(r: Procedure): TherapyFact | undefined {
  const c = coded(r, r.code);
  return c && { ...c, kind: 'procedure', status: r.status, start: r.performedPeriod?.start ?? r.performedDateTime, end: r.performedPeriod?.end ?? r.performedDateTime, ongoing: false };
}

/** A prescription's period: dispenseRequest.validityPeriod, else authoredOn + expectedSupplyDuration days. */
function medication(r: MedicationRequest): TherapyFact | undefined {
  const c = coded(r, r.medicationCodeableConcept);
  if (!c) return undefined;
  const dispense = r.dispenseRequest as { validityPeriod?: { start?: string; end?: string }; expectedSupplyDuration?: { value?: number } } | undefined;
  const supplyDays = dispense?.expectedSupplyDuration?.value;
  const authored = toMs(r.authoredOn);
  const end = dispense?.validityPeriod?.end ?? (supplyDays && authored !== undefined ? toInstant(authored + supplyDays * DAY_MS) : undefined);
  return {
    ...c, kind: 'medication', status: r.status, start: dispense?.validityPeriod?.start ?? r.authoredOn, ...(end ? { end } : {}),
    ongoing: r.status === 'active', authoredOn: r.authoredOn, dosage: r.dosageInstruction[0]?.text,
  };
}

function document(r: DocumentReference): DocumentFact | undefined {
  const c = coded(r, r.type);
  const att = r.content[0]?.attachment;
  const text = att?.contentType.startsWith('text/plain') ? Buffer.from(att.data, 'base64').toString('utf-8').slice(0, MAX_NOTE_CHARS) : undefined;
  return c && { ...c, date: r.date, title: att?.title ?? (r.description as string | undefined), ...(text ? { text } : {}) };
}

const present = <T>(x: T | undefined): x is T => x !== undefined;
const nameOf = (p: Practitioner) => p.name[0]?.text ?? [...(p.name[0]?.given ?? []), p.name[0]?.family].filter(Boolean).join(' ');

/** The newest date anywhere in the chart, as the default "as of". */
function newest(all: EhrResource[]): number {
  const dates = JSON.stringify(all).match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g) ?? [];
  return Math.max(0, ...dates.map((d) => Date.parse(d)).filter((t) => !Number.isNaN(t)));
}

/** @example await createClinicalExtractionAgent(ehr).run({ patientId: 'pat-lumbar-meets', procedureCode: '72148', now }) */
export function createClinicalExtractionAgent(ehr: EhrClient): ClinicalExtractionAgent {
  return {
    async run({ patientId, procedureCode, now }) {
      const all = await ehr.everything(patientId);
      const patient = of(all, 'Patient').find((p) => p.id === patientId) ?? (await ehr.readPatient(patientId));
      const coverage: Coverage | undefined = of(all, 'Coverage').filter((c) => c.status === 'active').sort(byDateThenId((c) => c.period?.start)).at(-1);
      const practitioners = of(all, 'Practitioner').sort(byDateThenId(() => undefined));
      const organizations: Organization[] = of(all, 'Organization').sort(byDateThenId(() => undefined));
      const gp = (patient.generalPractitioner as { reference?: string }[] | undefined)?.[0]?.reference;
      const practitioner = practitioners.find((p) => `Practitioner/${p.id}` === gp) ?? practitioners[0];
      const payerRef = coverage?.payor[0]?.reference;
      const evidenceTypes = new Set(['Condition', 'Observation', 'Procedure', 'MedicationRequest', 'DocumentReference']);
      const evidence = all.filter((r) => evidenceTypes.has(r.resourceType)).sort((a, b) => (`${a.resourceType}/${a.id}` < `${b.resourceType}/${b.id}` ? -1 : 1));
      const asOf = now ?? newest(all);
      return {
        patientId, procedureCode, asOf: toInstant(asOf), source: ehr.fhirBase,
        patient: { id: patient.id, gender: patient.gender, birthDate: patient.birthDate },
        diagnoses: of(all, 'Condition').map(diagnosis).filter(present).sort(byDateThenId((d) => d.onset)),
        observations: of(all, 'Observation').map(observation).filter(present).sort(byDateThenId((o) => o.date)),
        therapies: [...of(all, 'Procedure').map(procedure), ...of(all, 'MedicationRequest').map(medication)].filter(present).sort(byDateThenId((t) => t.start)),
        documents: of(all, 'DocumentReference').map(document).filter(present).sort(byDateThenId((d) => d.date)),
        ...(coverage && payerRef ? {
          coverage: { id: coverage.id, status: coverage.status, subscriberId: coverage.subscriberId, payer: payerRef, payerName: organizations.find((o) => `Organization/${o.id}` === payerRef)?.name },
        } : {}),
        ...(practitioner ? { practitioner: { id: practitioner.id, name: nameOf(practitioner), npi: practitioner.identifier.find((i) => i.system === 'http://hl7.org/fhir/sid/us-npi')?.value } } : {}),
        resources: { patient: patient as Patient, ...(coverage ? { coverage } : {}), practitioners, organizations, evidence },
      };
    },
  };
}

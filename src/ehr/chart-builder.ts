/**
 * Builds one patient's chart: the Patient (demographics from a seeded faker) and the
 * clinical resources a persona recipe adds, with ids stable across seeds and dates relative
 * to the clock at generation time (the whole chart shifted by a seeded offset, so durations
 * that criteria depend on hold for every seed).
 */
import { createReseededFaker } from './reseeded-faker.js';
import type { ObservationCodes } from '../contracts/clinical-codes.js';
import type { EhrResource, Patient } from '../contracts/ehr.js';
import type { Rng } from '../core/rng.js';
import {
  base64, CLINICAL_NOTE_CATEGORY, concept, CONDITION_ACTIVE, CONDITION_CONFIRMED, CONDITION_PROVISIONAL, conditionCategory, DAY_MS, fhirDate,
  instant, MEMBER_ID_SYSTEM, MRN_SYSTEM, observationCategory, ref, ucum, type Code, type ConditionCategory, type ObservationCategory,
} from './fhir-builders.js';
import { PERSONA_TAG_SYSTEM, type Persona } from '../contracts/personas.js';

export interface ChartSetting {
  readonly now: number;
  readonly rng: Rng;
  readonly practitioner: { id: string; name: string };
  readonly clinicId: string;
  readonly payerId: string;
  readonly ageRange: readonly [number, number];
}

// one generator for every chart, reseeded per chart (a chart draws only in its constructor)
const fakerFor = createReseededFaker();

type ObservationCode = (typeof ObservationCodes)[keyof typeof ObservationCodes];

export class ChartBuilder {
  readonly patient: Patient;
  readonly resources: EhrResource[] = [];
  /** First name, family name and age, for notes. */
  readonly who: { given: string; family: string; age: number; title: string };
  private readonly shiftMs: number;
  private readonly counters = new Map<string, number>();

  constructor(readonly persona: Persona, private readonly s: ChartSetting) {
    const f = fakerFor(s.rng.uint32(), s.now);
    this.shiftMs = s.rng.int(0, 9) * DAY_MS + s.rng.int(0, 360) * 60_000;
    const sex = f.helpers.arrayElement(['female', 'male'] as const);
    const given = f.person.firstName(sex);
    const family = f.person.lastName();
    const birth = f.date.birthdate({ mode: 'age', min: s.ageRange[0], max: s.ageRange[1] });
    const age = Math.floor((s.now - birth.getTime()) / (365.25 * DAY_MS));
    this.who = { given, family, age, title: sex === 'female' ? 'Ms.' : 'Mr.' };
    this.patient = {
      resourceType: 'Patient',
      id: persona.id,
      meta: { lastUpdated: this.at(1), tag: [{ system: PERSONA_TAG_SYSTEM, code: persona.tag, display: persona.summary }] },
      identifier: [{
        use: 'usual',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical record number' }] },
        system: MRN_SYSTEM,
        value: `MRN${f.string.numeric({ length: 8, allowLeadingZeros: false })}`,
      }],
      active: true,
      name: [{ use: 'official', family, given: [given] }],
      telecom: [{ system: 'phone', value: f.phone.number({ style: 'national' }), use: 'home' }],
      gender: sex,
      birthDate: fhirDate(birth.getTime()),
      address: [{ use: 'home', line: [f.location.streetAddress()], city: f.location.city(), state: f.location.state({ abbreviated: true }), postalCode: f.location.zipCode('#####'), country: 'US' }],
      generalPractitioner: [ref('Practitioner', s.practitioner.id, s.practitioner.name)],
      managingOrganization: ref('Organization', s.clinicId),
    };
    this.resources.push(this.patient);
    this.coverage(f.string.alphanumeric({ length: 10, casing: 'upper' }));
  }

  /** The instant `days` days before generation time (minus this chart's seeded shift). */
  at(days: number): string {
    return instant(this.s.now - this.shiftMs - days * DAY_MS);
  }

  /** The FHIR date `days` days before generation time, for note text. */
  day(days: number): string {
    return this.at(days).slice(0, 10);
  }

  condition(code: Code, onsetDaysAgo: number, opts: { category?: ConditionCategory; provisional?: boolean } = {}) {
    this.add('Condition', 'condition', onsetDaysAgo, {
      clinicalStatus: CONDITION_ACTIVE, verificationStatus: opts.provisional ? CONDITION_PROVISIONAL : CONDITION_CONFIRMED,
      category: [conditionCategory(opts.category ?? 'problem-list-item')],
      code: concept(code), subject: this.subject(), onsetDateTime: this.at(onsetDaysAgo), recordedDate: this.at(onsetDaysAgo),
    });
  }

  observation(code: ObservationCode, value: number, daysAgo: number, category: ObservationCategory) {
    this.add('Observation', 'observation', daysAgo, {
      status: 'final', category: [observationCategory(category)], code: concept(code), subject: this.subject(),
      effectiveDateTime: this.at(daysAgo), issued: this.at(daysAgo), performer: [this.requester()], valueQuantity: ucum(value, code.unit),
    });
  }

  procedure(code: Code, startDaysAgo: number, endDaysAgo: number) {
    this.add('Procedure', 'procedure', endDaysAgo, {
      status: 'completed', code: concept(code), subject: this.subject(),
      performedPeriod: { start: this.at(startDaysAgo), end: this.at(endDaysAgo) },
    });
  }

  medication(code: Code, authoredDaysAgo: number, dosage: string, status: 'active' | 'completed' = 'active') {
    this.add('MedicationRequest', 'medication', authoredDaysAgo, {
      status, intent: 'order', medicationCodeableConcept: concept(code), subject: this.subject(),
      authoredOn: this.at(authoredDaysAgo), requester: this.requester(), dosageInstruction: [{ text: dosage }],
    });
  }

  note(type: Code, daysAgo: number, title: string, text: string) {
    this.add('DocumentReference', 'note', daysAgo, {
      status: 'current', docStatus: 'final', type: concept(type), category: [CLINICAL_NOTE_CATEGORY], subject: this.subject(),
      date: this.at(daysAgo), author: [this.requester()], description: title,
      content: [{ attachment: { contentType: 'text/plain', data: base64(text), title, creation: this.at(daysAgo) } }],
    });
  }

  private coverage(memberId: string) {
    this.add('Coverage', 'coverage', 400, {
      identifier: [{ system: MEMBER_ID_SYSTEM, value: memberId }],
      status: 'active',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HIP', display: 'health insurance plan policy' }] },
      subscriberId: memberId, beneficiary: this.subject(),
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self', display: 'Self' }] },
      period: { start: fhirDate(this.s.now - this.shiftMs - 400 * DAY_MS) }, payor: [ref('Organization', this.s.payerId)],
    });
  }

  private add(resourceType: EhrResource['resourceType'], kind: string, daysAgo: number, body: Record<string, unknown>) {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const id = `${this.persona.id}-${kind}-${n}`;
    this.resources.push({ resourceType, id, meta: { versionId: '1', lastUpdated: this.at(daysAgo) }, ...body } as EhrResource);
  }

  private subject() {
    return ref('Patient', this.persona.id, `${this.who.given} ${this.who.family}`);
  }

  private requester() {
    return ref('Practitioner', this.s.practitioner.id, this.s.practitioner.name);
  }
}

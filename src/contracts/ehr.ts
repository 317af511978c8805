/**
 * The EHR's FHIR R4 / US Core contract: the resources served under `/ehr/fhir` and their
 * searchset Bundles. Each schema requires what FHIR R4 requires (and what our clients read);
 * everything else passes through untouched (`z.looseObject`).
 */
import { z } from 'zod';
import {
  CodeableConceptSchema, DateSchema, DateTimeSchema, FHIR_VERSION, IdentifierSchema, IdSchema, InstantSchema,
  MetaSchema, PeriodSchema, QuantitySchema, ReferenceSchema, searchsetOf,
} from './fhir-base.js';

const base = <T extends string>(type: T) => ({ resourceType: z.literal(type), id: IdSchema, meta: MetaSchema.optional() });
const RequiredReference = ReferenceSchema.extend({ reference: z.string().min(1) });

export const HumanNameSchema = z.looseObject({ family: z.string().optional(), given: z.array(z.string()).optional(), text: z.string().optional() });
export const AddressSchema = z.looseObject({ line: z.array(z.string()).optional(), city: z.string().optional(), state: z.string().optional(), postalCode: z.string().optional(), country: z.string().optional() });

export const PatientSchema = z.looseObject({
  ...base('Patient'),
  identifier: z.array(IdentifierSchema).min(1),
  name: z.array(HumanNameSchema).min(1),
  gender: z.enum(['male', 'female', 'other', 'unknown']),
  birthDate: DateSchema,
  address: z.array(AddressSchema).optional(),
});
export type Patient = z.infer<typeof PatientSchema>;

export const ConditionSchema = z.looseObject({
  ...base('Condition'),
  clinicalStatus: CodeableConceptSchema.optional(),
  verificationStatus: CodeableConceptSchema.optional(),
  category: z.array(CodeableConceptSchema).min(1),
  code: CodeableConceptSchema,
  subject: RequiredReference,
  onsetDateTime: DateTimeSchema.optional(),
  recordedDate: DateTimeSchema.optional(),
});
export type Condition = z.infer<typeof ConditionSchema>;

export const ObservationSchema = z.looseObject({
  ...base('Observation'),
  status: z.enum(['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown']),
  category: z.array(CodeableConceptSchema).min(1),
  code: CodeableConceptSchema,
  subject: RequiredReference,
  effectiveDateTime: DateTimeSchema,
  valueQuantity: QuantitySchema.optional(),
});
export type Observation = z.infer<typeof ObservationSchema>;

export const ProcedureSchema = z.looseObject({
  ...base('Procedure'),
  status: z.enum(['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown']),
  code: CodeableConceptSchema,
  subject: RequiredReference,
  performedPeriod: PeriodSchema.optional(),
  performedDateTime: DateTimeSchema.optional(),
});
export type Procedure = z.infer<typeof ProcedureSchema>;

export const MedicationRequestSchema = z.looseObject({
  ...base('MedicationRequest'),
  status: z.enum(['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown']),
  intent: z.enum(['proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option']),
  medicationCodeableConcept: CodeableConceptSchema,
  subject: RequiredReference,
  authoredOn: DateTimeSchema,
  requester: ReferenceSchema.optional(),
  dosageInstruction: z.array(z.looseObject({ text: z.string() })).min(1),
});
export type MedicationRequest = z.infer<typeof MedicationRequestSchema>;

export const CoverageSchema = z.looseObject({
  ...base('Coverage'),
  status: z.enum(['active', 'cancelled', 'draft', 'entered-in-error']),
  subscriberId: z.string().min(1),
  beneficiary: RequiredReference,
  payor: z.array(RequiredReference).min(1),
  period: PeriodSchema.optional(),
});
export type Coverage = z.infer<typeof CoverageSchema>;

export const AttachmentSchema = z.looseObject({
  contentType: z.string(),
  data: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  title: z.string().optional(),
});

export const DocumentReferenceSchema = z.looseObject({
  ...base('DocumentReference'),
  status: z.enum(['current', 'superseded', 'entered-in-error']),
  type: CodeableConceptSchema,
  category: z.array(CodeableConceptSchema).min(1),
  subject: RequiredReference,
  date: InstantSchema,
  author: z.array(ReferenceSchema).optional(),
  content: z.array(z.looseObject({ attachment: AttachmentSchema })).min(1),
});
export type DocumentReference = z.infer<typeof DocumentReferenceSchema>;

export const PractitionerSchema = z.looseObject({
  ...base('Practitioner'),
  identifier: z.array(IdentifierSchema).min(1),
  name: z.array(HumanNameSchema).min(1),
});
export type Practitioner = z.infer<typeof PractitionerSchema>;

export const OrganizationSchema = z.looseObject({
  ...base('Organization'),
  active: z.boolean().optional(),
  name: z.string().min(1),
  type: z.array(CodeableConceptSchema).optional(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

/** Every resource the EHR serves, told apart by resourceType. */
export const EhrResourceSchema = z.discriminatedUnion('resourceType', [
  PatientSchema, ConditionSchema, ObservationSchema, ProcedureSchema, MedicationRequestSchema,
  CoverageSchema, DocumentReferenceSchema, PractitionerSchema, OrganizationSchema,
]);
export type EhrResource = z.infer<typeof EhrResourceSchema>;
export type EhrResourceType = EhrResource['resourceType'];

const SearchParamSchema = z.looseObject({ name: z.string(), type: z.string(), documentation: z.string().optional() });
export const CapabilityStatementSchema = z.looseObject({
  resourceType: z.literal('CapabilityStatement'),
  status: z.literal('active'),
  date: DateTimeSchema,
  kind: z.literal('instance'),
  fhirVersion: z.literal(FHIR_VERSION),
  format: z.array(z.string()).min(1),
  rest: z.array(z.looseObject({
    mode: z.literal('server'),
    resource: z.array(z.looseObject({
      type: z.string(),
      interaction: z.array(z.looseObject({ code: z.string() })).min(1),
      searchParam: z.array(SearchParamSchema).optional(),
      operation: z.array(z.looseObject({ name: z.string(), definition: z.string() })).optional(),
    })).min(1),
  })).min(1),
});
export type CapabilityStatement = z.infer<typeof CapabilityStatementSchema>;

export const PatientSearchsetSchema = searchsetOf(PatientSchema);
export const ConditionSearchsetSchema = searchsetOf(ConditionSchema);
export const ObservationSearchsetSchema = searchsetOf(ObservationSchema);
export const ProcedureSearchsetSchema = searchsetOf(ProcedureSchema);
export const MedicationRequestSearchsetSchema = searchsetOf(MedicationRequestSchema);
export const CoverageSearchsetSchema = searchsetOf(CoverageSchema);
export const DocumentReferenceSearchsetSchema = searchsetOf(DocumentReferenceSchema);
/** `Patient/$everything`: the patient, their clinical resources and the practitioners and organizations they reference. */
export const EverythingBundleSchema = searchsetOf(EhrResourceSchema);
export type EverythingBundle = z.infer<typeof EverythingBundleSchema>;
export type EhrSearchset = z.infer<typeof EverythingBundleSchema>;

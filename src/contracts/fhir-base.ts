/**
 * FHIR R4 datatypes shared by every contract: the subsets this project reads and writes.
 * Resources are open objects (`z.looseObject`): FHIR allows elements we do not model, and a
 * validator downstream sees them untouched.
 */
import { z } from 'zod';

export const FHIR_VERSION = '4.0.1';

export const IdSchema = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: 1–64 of A-Z a-z 0-9 - .');
export const InstantSchema = z.iso.datetime({ offset: true });
export const DateSchema = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD');
export const DateTimeSchema = z.union([DateSchema, z.iso.datetime({ offset: true })]);

export const CodingSchema = z.looseObject({
  system: z.string().optional(),
  version: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export type Coding = z.infer<typeof CodingSchema>;

export const CodeableConceptSchema = z.looseObject({
  coding: z.array(CodingSchema).optional(),
  text: z.string().optional(),
});
export type CodeableConcept = z.infer<typeof CodeableConceptSchema>;

export const IdentifierSchema = z.looseObject({
  use: z.string().optional(),
  type: CodeableConceptSchema.optional(),
  system: z.string().optional(),
  value: z.string().optional(),
});
export type Identifier = z.infer<typeof IdentifierSchema>;

export const ReferenceSchema = z.looseObject({
  reference: z.string().optional(),
  identifier: IdentifierSchema.optional(),
  display: z.string().optional(),
});
export type Reference = z.infer<typeof ReferenceSchema>;

export const PeriodSchema = z.looseObject({
  start: DateTimeSchema.optional(),
  end: DateTimeSchema.optional(),
});

export const QuantitySchema = z.looseObject({
  value: z.number().optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});

export const MetaSchema = z.looseObject({
  versionId: z.string().optional(),
  lastUpdated: InstantSchema.optional(),
  profile: z.array(z.string()).optional(),
});

export const ExtensionSchema: z.ZodType<Extension> = z.lazy(() =>
  z.looseObject({
    url: z.string(),
    extension: z.array(ExtensionSchema).optional(),
  }),
);
export interface Extension {
  url: string;
  extension?: Extension[];
  [key: string]: unknown;
}

/** Any FHIR resource: a resourceType and an optional id; everything else is the profile's business. */
export const ResourceSchema = z.looseObject({
  resourceType: z.string(),
  id: IdSchema.optional(),
  meta: MetaSchema.optional(),
});
export type Resource = z.infer<typeof ResourceSchema>;

export const IssueSeveritySchema = z.enum(['fatal', 'error', 'warning', 'information']);
/** The issue-type codes of http://hl7.org/fhir/issue-type that we use. */
export const IssueTypeSchema = z.enum([
  'invalid', 'structure', 'required', 'value', 'invariant', 'security', 'login', 'forbidden',
  'processing', 'not-supported', 'duplicate', 'not-found', 'conflict', 'too-costly',
  'business-rule', 'transient', 'lock-error', 'exception', 'timeout', 'throttled', 'informational',
]);

export const OperationOutcomeIssueSchema = z.looseObject({
  severity: IssueSeveritySchema,
  code: IssueTypeSchema,
  details: CodeableConceptSchema.optional(),
  diagnostics: z.string().optional(),
  expression: z.array(z.string()).optional(),
});
export type OperationOutcomeIssue = z.infer<typeof OperationOutcomeIssueSchema>;

export const OperationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  id: IdSchema.optional(),
  issue: z.array(OperationOutcomeIssueSchema).min(1),
});
export type OperationOutcome = z.infer<typeof OperationOutcomeSchema>;

export const BundleLinkSchema = z.looseObject({ relation: z.string(), url: z.string() });

export const BundleEntrySchema = z.looseObject({
  fullUrl: z.string().optional(),
  resource: ResourceSchema.optional(),
  search: z.looseObject({ mode: z.enum(['match', 'include', 'outcome']).optional() }).optional(),
});

/** A Bundle of any type; searchsets carry `total` and `link`s. */
export const BundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  id: IdSchema.optional(),
  meta: MetaSchema.optional(),
  identifier: IdentifierSchema.optional(),
  type: z.enum(['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection']),
  timestamp: InstantSchema.optional(),
  total: z.number().int().nonnegative().optional(),
  link: z.array(BundleLinkSchema).optional(),
  entry: z.array(BundleEntrySchema).optional(),
});
export type Bundle = z.infer<typeof BundleSchema>;

/** A searchset Bundle whose entries are all of one schema. */
export function searchsetOf<T extends z.ZodType>(resource: T) {
  return BundleSchema.extend({
    type: z.literal('searchset'),
    total: z.number().int().nonnegative(),
    link: z.array(BundleLinkSchema).min(1),
    entry: z.array(BundleEntrySchema.extend({ resource })).optional(),
  });
}

/** RFC 9457 problem details, used by the non-FHIR endpoints (review, admin, runtime). */
export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** Code systems whose exact URIs validators check. */
export const CodeSystems = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  cpt: 'http://www.ama-assn.org/go/cpt',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  x12ReviewAction: 'https://codesystem.x12.org/005010/306',
  x12RejectReason: 'https://codesystem.x12.org/005010/901',
  loincDocType: 'http://loinc.org',
} as const;

/** Turn a zod issue path into a FHIRPath-like expression: `Bundle.entry[0].resource.item[1].productOrService`. */
export function toFhirPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`;
  return out;
}

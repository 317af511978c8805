/**
 * Da Vinci PAS 2.0.1 (STU2) shapes: the request Bundle of `Claim/$submit`, the inquiry Bundle of
 * `Claim/$inquire`, and the response Bundle whose first entry is the ClaimResponse. Only what the
 * simulator and its clients read is modelled; everything else passes through (`looseObject`).
 * In PAS 2.x the review action sits on `ClaimResponse.item.adjudication.extension` (category
 * `submitted`), not on `item.extension` as in 1.x.
 */
import { z } from 'zod';
import {
  BundleEntrySchema, BundleSchema, CodeableConceptSchema, CodingSchema, IdentifierSchema,
  InstantSchema, DateTimeSchema, PeriodSchema, QuantitySchema, ReferenceSchema, ResourceSchema,
} from './fhir-base.js';

export const PAS_VERSION = '2.0.1';
export const PAS_CANONICAL = 'http://hl7.org/fhir/us/davinci-pas';
export const PasExtensions = {
  reviewAction: `${PAS_CANONICAL}/StructureDefinition/extension-reviewAction`,
  reviewActionCode: `${PAS_CANONICAL}/StructureDefinition/extension-reviewActionCode`,
  itemPreAuthPeriod: `${PAS_CANONICAL}/StructureDefinition/extension-itemPreAuthPeriod`,
  itemPreAuthIssueDate: `${PAS_CANONICAL}/StructureDefinition/extension-itemPreAuthIssueDate`,
  itemAuthorizedDetail: `${PAS_CANONICAL}/StructureDefinition/extension-itemAuthorizedDetail`,
} as const;
/** X12 306 review action codes used by this payer. */
export const ReviewActionCodeSchema = z.enum(['A1', 'A2', 'A3', 'A4', 'A6', 'CT']);
export type ReviewActionCode = z.infer<typeof ReviewActionCodeSchema>;
export const REVIEW_ACTION_DISPLAY: Record<ReviewActionCode, string> = {
  A1: 'Certified in total', A2: 'Certified - partial', A3: 'Not Certified', A4: 'Pended', A6: 'Modified', CT: 'Contact Payer',
};
/** Reason codes of denials, pends and contact-payer answers (one per policy criterion). */
export const DECISION_REASON_SYSTEM = 'http://prior-auth-sim.dev/CodeSystem/review-decision-reason';
export const ADJUDICATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/adjudication';

/** Extensions are passed through unchecked below `url` (not recursive, so the OpenAPI schema stays flat). */
const ExtensionSchema = z.looseObject({ url: z.string() });

const ref = ReferenceSchema.refine((r) => !!r.reference, 'expected a reference with a `reference` string such as "Patient/123"');

export const PasClaimItemSchema = z.looseObject({
  sequence: z.number().int().positive(),
  productOrService: CodeableConceptSchema.extend({ coding: z.array(CodingSchema).min(1) }),
  quantity: QuantitySchema.optional(),
  diagnosisSequence: z.array(z.number().int().positive()).optional(),
  informationSequence: z.array(z.number().int().positive()).optional(),
  extension: z.array(ExtensionSchema).optional(),
});

export const PasClaimSchema = z.looseObject({
  resourceType: z.literal('Claim'),
  id: z.string().optional(),
  identifier: z.array(IdentifierSchema).min(1),
  status: z.literal('active'),
  type: CodeableConceptSchema,
  use: z.string(),
  patient: ref,
  created: DateTimeSchema,
  insurer: ref,
  provider: ref,
  priority: CodeableConceptSchema,
  related: z.array(z.looseObject({ claim: ReferenceSchema.optional() })).optional(),
  careTeam: z.array(z.looseObject({ sequence: z.number().int(), provider: ref })).optional(),
  diagnosis: z.array(z.looseObject({
    sequence: z.number().int().positive(),
    diagnosisCodeableConcept: CodeableConceptSchema.optional(),
    diagnosisReference: ReferenceSchema.optional(),
  })).min(1),
  supportingInfo: z.array(z.looseObject({
    sequence: z.number().int().positive(),
    category: CodeableConceptSchema,
    valueReference: ReferenceSchema.optional(),
  })).optional(),
  insurance: z.array(z.looseObject({ sequence: z.number().int(), focal: z.boolean(), coverage: ref })).min(1),
  item: z.array(PasClaimItemSchema).min(1),
});
export type PasClaim = z.infer<typeof PasClaimSchema>;

const resourceEntry = BundleEntrySchema.extend({ resource: ResourceSchema });

/** The `$submit` input: a collection whose first entry is the Claim, then each referenced resource once. */
export const PasRequestBundleSchema = BundleSchema.extend({
  type: z.literal('collection'),
  identifier: IdentifierSchema.extend({ value: z.string().min(1) }),
  timestamp: InstantSchema,
  entry: z.array(resourceEntry).min(1),
});
export type PasRequestBundle = z.infer<typeof PasRequestBundleSchema>;

/** The `$inquire` input: same envelope; the first entry is a Claim carrying the identifiers to match. */
export const PasInquiryBundleSchema = BundleSchema.extend({
  type: z.literal('collection'),
  identifier: IdentifierSchema.optional(),
  timestamp: InstantSchema.optional(),
  entry: z.array(resourceEntry).min(1),
});
export type PasInquiryBundle = z.infer<typeof PasInquiryBundleSchema>;

export const ReviewActionExtensionSchema = z.looseObject({
  url: z.literal(PasExtensions.reviewAction),
  extension: z.array(z.looseObject({ url: z.string() })).min(1),
});

export const PasClaimResponseItemSchema = z.looseObject({
  itemSequence: z.number().int().positive(),
  extension: z.array(ExtensionSchema).optional(),
  noteNumber: z.array(z.number().int()).optional(),
  adjudication: z.array(z.looseObject({
    category: CodeableConceptSchema,
    extension: z.array(ReviewActionExtensionSchema).min(1),
  })).min(1),
});

export const ClaimOutcomeSchema = z.enum(['queued', 'complete', 'error', 'partial']);

export const PasClaimResponseSchema = z.looseObject({
  resourceType: z.literal('ClaimResponse'),
  id: z.string(),
  identifier: z.array(IdentifierSchema).min(1),
  status: z.literal('active'),
  type: CodeableConceptSchema,
  use: z.literal('preauthorization'),
  patient: ReferenceSchema,
  created: InstantSchema,
  insurer: ReferenceSchema,
  requestor: ReferenceSchema,
  request: ReferenceSchema,
  outcome: ClaimOutcomeSchema,
  disposition: z.string().optional(),
  preAuthRef: z.string(),
  preAuthPeriod: PeriodSchema.optional(),
  item: z.array(PasClaimResponseItemSchema).min(1),
  processNote: z.array(z.looseObject({ number: z.number().int(), text: z.string() })).optional(),
});
export type PasClaimResponse = z.infer<typeof PasClaimResponseSchema>;

/** The `$submit`/`$inquire` output: first entry the ClaimResponse, then the resources it references. */
export const PasResponseBundleSchema = BundleSchema.extend({
  type: z.literal('collection'),
  identifier: IdentifierSchema,
  timestamp: InstantSchema,
  entry: z.tuple([BundleEntrySchema.extend({ resource: PasClaimResponseSchema })], resourceEntry),
});
export type PasResponseBundle = z.infer<typeof PasResponseBundleSchema>;

/** Read the review action of a ClaimResponse item: `{ code: 'A1', number: 'PA…', reason? }`. */
export function readReviewAction(item: z.infer<typeof PasClaimResponseItemSchema>): { code?: string; number?: string; reason?: { code?: string; text?: string } } {
  const ext = item.adjudication[0]?.extension.find((e) => e.url === PasExtensions.reviewAction);
  const sub = (url: string) => ext?.extension.find((e) => e.url === url) as Record<string, unknown> | undefined;
  const code = sub(PasExtensions.reviewActionCode)?.valueCodeableConcept as z.infer<typeof CodeableConceptSchema> | undefined;
  const reason = sub('reasonCode')?.valueCodeableConcept as z.infer<typeof CodeableConceptSchema> | undefined;
  return {
    code: code?.coding?.[0]?.code,
    number: sub('number')?.valueString as string | undefined,
    reason: reason ? { code: reason.coding?.[0]?.code, text: reason.text } : undefined,
  };
}

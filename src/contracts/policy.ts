/**
 * A payer's coverage policy for one procedure or drug, served as JSON at
 * `GET /payer/policies/{code}`. Criteria are data (a discriminated union on `kind`) so the
 * payer's evaluator and a client's payer-criteria agent read the same rules, and a client
 * knows which FHIR resources to attach to `Claim.supportingInfo` to prove each one.
 */
import { z } from 'zod';

export const CodeRefSchema = z.object({ system: z.string(), code: z.string(), display: z.string().optional() });
export type CodeRef = z.infer<typeof CodeRefSchema>;

const base = {
  /** Stable id, used as the denial reason code and by `red-flag-bypass.bypasses`. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** What a reviewer reads; also the text of the denial reason when unmet. */
  description: z.string(),
};

/** Met when a Claim.diagnosis or an attached Condition has an ICD-10-CM code starting with a prefix. */
export const DiagnosisCriterionSchema = z.object({
  ...base,
  kind: z.literal('diagnosis'),
  system: z.string(),
  prefixes: z.array(z.string()).min(1),
});

/** The most recent attached Observation with this code (within `withinDays` of the request) must satisfy `comparator value`. */
export const ObservationThresholdCriterionSchema = z.object({
  ...base,
  kind: z.literal('observation-threshold'),
  system: z.string(),
  code: z.string(),
  comparator: z.enum(['>=', '>', '<=', '<']),
  value: z.number(),
  unit: z.string(),
  withinDays: z.number().int().positive().optional(),
});

/**
 * Attached resources of `resourceTypes` coded with one of `codes` must span at least `minDays`
 * (earliest start to latest end). Dates read: Procedure.performedPeriod|performedDateTime,
 * MedicationRequest.dispenseRequest.validityPeriod (else authoredOn + expectedSupplyDuration days,
 * else, for an active prescription, authoredOn until the adjudication time),
 * MedicationStatement.effectivePeriod.
 */
export const TherapyDurationCriterionSchema = z.object({
  ...base,
  kind: z.literal('therapy-duration'),
  resourceTypes: z.array(z.enum(['Procedure', 'MedicationRequest', 'MedicationStatement'])).min(1),
  codes: z.array(CodeRefSchema).min(1),
  minDays: z.number().int().positive(),
});

/** An attached DocumentReference whose `type` has this (LOINC) code. */
export const DocumentCriterionSchema = z.object({
  ...base,
  kind: z.literal('document'),
  system: z.string(),
  code: z.string(),
});

/** Never fails; when a red-flag diagnosis is present, the criteria named in `bypasses` count as met. */
export const RedFlagBypassCriterionSchema = z.object({
  ...base,
  kind: z.literal('red-flag-bypass'),
  system: z.string(),
  prefixes: z.array(z.string()).min(1),
  bypasses: z.array(z.string()).min(1),
});

/** The criteria an `any-of` may nest (one level: alternatives of simple checks). */
export const LeafCriterionSchema = z.discriminatedUnion('kind', [
  DiagnosisCriterionSchema, ObservationThresholdCriterionSchema, TherapyDurationCriterionSchema, DocumentCriterionSchema,
]);

/** Met when one nested criterion is met; missing when none is met and one lacks evidence. */
export const AnyOfCriterionSchema = z.object({ ...base, kind: z.literal('any-of'), criteria: z.array(LeafCriterionSchema).min(1) });

export const CriterionSchema = z.discriminatedUnion('kind', [
  DiagnosisCriterionSchema, ObservationThresholdCriterionSchema, TherapyDurationCriterionSchema,
  DocumentCriterionSchema, RedFlagBypassCriterionSchema, AnyOfCriterionSchema,
]);
export type Criterion = z.infer<typeof CriterionSchema>;

export const RequiredDocumentSchema = CodeRefSchema.extend({
  description: z.string(),
  /** Red flags that waive this document (criterion ids of `red-flag-bypass`). */
  waivedBy: z.array(z.string()).optional(),
});

export const CoveragePolicySchema = z.object({
  code: z.string(),
  system: z.string(),
  display: z.string(),
  requiresPriorAuth: z.boolean(),
  /** What the request must prove; every criterion must be met (use `any-of` for alternatives). */
  criteria: z.array(CriterionSchema),
  /** DocumentReferences (by LOINC type) that must be attached; missing → the claim is pended. */
  requiredDocuments: z.array(RequiredDocumentSchema),
  turnaround: z.object({ standardDays: z.number().int().positive(), expeditedHours: z.number().int().positive() }),
  /** Units certified per request by default. */
  maxUnits: z.number().int().positive().optional(),
  summary: z.string(),
});
export type CoveragePolicy = z.infer<typeof CoveragePolicySchema>;

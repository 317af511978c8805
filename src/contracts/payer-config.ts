/**
 * Payer section of the simulator configuration: idempotency, pend timing, missing-documentation
 * handling and per-procedure decision overrides (so a scenario can force any X12 306 outcome).
 */
import { z } from 'zod';
import { CodeRefSchema } from './policy.js';

/** Decisions a pended claim can end in ('evidence': evaluate the coverage policy again). */
export const FinalDecisionSchema = z.enum(['A1', 'A2', 'A3', 'A6', 'CT', 'evidence']);

/**
 * A forced decision for one procedure code.
 * @example { decision: 'A4', pendSeconds: 3600, finalDecision: 'A1' }
 */
export const PayerRuleSchema = z.object({
  decision: z.enum(['A1', 'A2', 'A3', 'A4', 'A6', 'CT', 'evidence']).default('evidence'),
  /** A4: seconds of clock time until the final decision (default `defaultPendSeconds` unless `pendInquiries` is set). */
  pendSeconds: z.number().positive().optional(),
  /** A4: the final decision is answered by this many-th `$inquire` (if before `pendSeconds`). */
  pendInquiries: z.number().int().positive().optional(),
  /** A4: what the pend ends in. */
  finalDecision: FinalDecisionSchema.default('evidence'),
  /** A3/CT/A4: reason text (default: a generic reason naming the rule). */
  reason: z.string().optional(),
  /** A2: units certified (default half the requested, at least 1); A6: units authorized (default requested). */
  authorizedQuantity: z.number().int().positive().optional(),
  /** A6: a different product or service authorized instead. */
  authorizedCode: CodeRefSchema.optional(),
});
export type PayerRule = z.infer<typeof PayerRuleSchema>;

export const PayerConfigSchema = z.object({
  /** Whether the payer accepts rest-hook Subscriptions; without them clients must poll $inquire. */
  webhooks: z.boolean().default(true),
  /** Whether `Claim/$submit` requires an `Idempotency-Key` header (missing → 400). */
  requireIdempotencyKey: z.boolean().default(false),
  /** How long an Idempotency-Key is remembered, in hours of simulator clock time. */
  idempotencyKeyTtlHours: z.number().positive().default(24),
  /** Real milliseconds each `$submit` stays in flight: only for tests of concurrent duplicates. */
  submitDelayMs: z.number().int().nonnegative().default(0),
  /** Overrides per procedure code (CPT or RxNorm), e.g. `{ '72148': { decision: 'A3', reason: '…' } }`. */
  rules: z.record(z.string(), PayerRuleSchema).default({}),
  /** Pend length when a rule pends without `pendSeconds`/`pendInquiries`. */
  defaultPendSeconds: z.number().positive().default(86_400),
  /** When a required document or a criterion's evidence is missing. */
  missingDocumentation: z.object({
    /** A4: pend waiting for documents, then `finalDecision`; CT: ask the provider to contact the payer. */
    decision: z.enum(['A4', 'CT']).default('A4'),
    pendSeconds: z.number().positive().default(3 * 86_400),
    finalDecision: z.enum(['A3', 'CT']).default('A3'),
  }).prefault({}),
  /** Validity of a certification, from the decision date. */
  authorizationValidDays: z.number().int().positive().default(90),
  payerName: z.string().default('Simulated Health Plan'),
});
export type PayerConfig = z.infer<typeof PayerConfigSchema>;
export type PayerConfigInput = z.input<typeof PayerConfigSchema>;

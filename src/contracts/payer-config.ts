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

const probability = z.number().min(0).max(1).default(0);

/**
 * Delivery and chaos of Subscription event notifications (docs/faults.md).
 * Applies only to event notifications of a pended claim's final decision; handshakes and
 * heartbeats are always sent as is. Each final decision, for each matching subscription, is one
 * "event" whose chaos is drawn once, from its own named stream of `payer.notifications` (so
 * enabling one kind never reshuffles another's draws). Its notifications then go out at
 * `base = decision time + delay`, each extra one `gapSeconds` after the previous, in this order:
 * the final notification, its duplicate, the reorder interim, the stale one.
 * @example { dropProbability: 0.1, delaySeconds: { min: 0, max: 300 }, staleProbability: 0.05 }
 */
export const NotificationConfigSchema = z.object({
  /** The final notification is never sent (nor its duplicate); ledger `dropped`. Its event number is still used, so the receiver sees a gap in `events-since-subscription-start`. */
  dropProbability: probability,
  /** The first N events of this payer (across subscriptions) are dropped as by `dropProbability`. */
  dropFirstN: z.number().int().nonnegative().default(0),
  /** The final notification is sent a second time, byte for byte identical, `gapSeconds` later; ledger `duplicated`. */
  duplicateProbability: probability,
  /** Extra clock delay before the event's first notification, uniform in [min, max] seconds. */
  delaySeconds: z.object({ min: z.number().nonnegative().default(0), max: z.number().nonnegative().default(0) })
    .refine((d) => d.min <= d.max, { error: 'delaySeconds.min must be <= delaySeconds.max', path: ['max'] })
    .prefault({}),
  /** After the final one, another notification carrying the older pended ClaimResponse (A4, outcome `queued`) with a higher event number; ledger `sent`. */
  staleProbability: probability,
  /** An interim notification for the pended state takes the event number before the final one but is delivered after it; ledger `sent`. */
  reorderProbability: probability,
  /** Spacing between the notifications of one event, in seconds of clock time. */
  gapSeconds: z.number().positive().default(1),
  /** Attempts per notification when the receiver answers 5xx or is unreachable (4xx is final). */
  maxAttempts: z.number().int().positive().default(5),
  /** Wait before the first retry, doubled for each next one, in seconds of clock time. */
  retryBackoffSeconds: z.number().positive().default(30),
});
export type NotificationConfig = z.infer<typeof NotificationConfigSchema>;
export type NotificationConfigInput = z.input<typeof NotificationConfigSchema>;

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
  /** Delivery, retries and chaos of Subscription notifications (only with `webhooks`). */
  notifications: NotificationConfigSchema.prefault({}),
  /** The CRD service (CDS Hooks at /payer/cds-services). */
  crd: z.object({
    /** Answer every order "covered, no prior authorization needed" whatever the policy says: a card the later PAS decision contradicts. */
    contradictPas: z.boolean().default(false),
  }).prefault({}),
  /** The DTR Questionnaires (`Questionnaire/$questionnaire-package`). */
  dtr: z.object({
    /** Version of every policy Questionnaire. */
    questionnaireVersion: z.string().min(1).max(64).default('1'),
    /** `afterSeconds` of clock time after the simulator started, the payer publishes `version`: a questionnaire revised between DTR and PAS. */
    revise: z.object({ afterSeconds: z.number().positive(), version: z.string().min(1).max(64) }).optional(),
  }).prefault({}),
});
export type PayerConfig = z.infer<typeof PayerConfigSchema>;
export type PayerConfigInput = z.input<typeof PayerConfigSchema>;

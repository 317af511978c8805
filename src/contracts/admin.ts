/** The /__admin API: reset, the clock, the ledger (faults, journal and scenarios join later). */
import { z } from 'zod';
import { InstantSchema } from './fhir-base.js';
import { OrchestratorOutcomeSchema, ScenarioSchema } from './scenario.js';

export const ClockAdvanceSchema = z
  .object({
    ms: z.number().int().nonnegative().max(366 * 24 * 3600_000).optional(),
    seconds: z.number().nonnegative().max(366 * 24 * 3600).optional(),
  })
  .refine((b) => (b.ms === undefined) !== (b.seconds === undefined), { message: 'give exactly one of ms or seconds' });
export type ClockAdvance = z.infer<typeof ClockAdvanceSchema>;

export const ClockSetSchema = z.object({ now: InstantSchema });

/** The demo clock's speed: simulated seconds per real second. */
export const ClockSpeedSchema = z.object({ factor: z.number().positive().max(10_000_000) }).strict();
export const ClockSpeedStateSchema = z.object({ now: InstantSchema, kind: z.enum(['virtual', 'real', 'dilated']), factor: z.number().positive().nullable() });

export const ClockStateSchema = z.object({
  now: InstantSchema,
  kind: z.enum(['virtual', 'real', 'dilated']),
});
export type ClockState = z.infer<typeof ClockStateSchema>;

const DuplicatesSchema = z.object({
  'idempotency-key-replay': z.number().int(),
  'idempotency-key-conflict': z.number().int(),
  'idempotency-key-in-flight': z.number().int(),
  'business-identifier': z.number().int(),
});

export const LedgerEntrySchema = z.object({
  businessKey: z.string(),
  claimIds: z.array(z.string()),
  adjudications: z.number().int(),
  duplicates: DuplicatesSchema,
  notificationsSent: z.number().int(),
  notificationsDropped: z.number().int(),
  notificationsDuplicated: z.number().int(),
  reviewTasks: z.number().int(),
});

export const LedgerSchema = z.object({
  entries: z.array(LedgerEntrySchema),
  totals: z.object({
    claims: z.number().int(),
    adjudications: z.number().int(),
    duplicates: DuplicatesSchema,
    reviewTasks: z.number().int(),
    notificationsSent: z.number().int(),
  }),
});
export type LedgerView = z.infer<typeof LedgerSchema>;

export const ResetResultSchema = z.object({ reset: z.literal(true), seed: z.union([z.number(), z.string()]), now: InstantSchema });

/** Switch to a bundled scenario by name, or to one given inline. */
export const LoadScenarioSchema = z.union([
  z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a bundled scenario name') }).strict(),
  z.object({ scenario: ScenarioSchema }).strict(),
]);

export const LoadedScenarioSchema = z.object({ loaded: z.string(), description: z.string(), seed: z.union([z.number(), z.string()]) });

export const CurrentScenarioSchema = z.union([
  z.object({ name: z.string(), description: z.string(), seed: z.union([z.number(), z.string()]), expected: z.object({ outcome: OrchestratorOutcomeSchema }).loose() }),
  z.object({ name: z.null() }),
]);

/** Release a pended claim now with this decision ('evidence': evaluate the policy as a pend ending would). */
export const ReleaseClaimSchema = z.object({
  decision: z.enum(['A1', 'A2', 'A3', 'A6', 'CT', 'evidence']),
  /** The payer reviewer's reason, replacing the rule's default on A2, A3, A6 and CT. */
  reason: z.string().trim().min(1).max(500).optional(),
}).strict();

export const ClaimViewSchema = z.object({
  id: z.string(),
  businessKey: z.string(),
  authorizationNumber: z.string(),
  createdAt: InstantSchema,
  pended: z.boolean(),
  reviewActions: z.array(z.string()),
  /** Per item: the reason given with its review action, if any. */
  reasons: z.array(z.string().nullable()).optional(),
});
export const ClaimListSchema = z.object({ claims: z.array(ClaimViewSchema) });

/**
 * The simulator's configuration, validated once at the edge (CLI flags → scenario file →
 * these defaults). Each system owns its section's schema.
 */
import { z } from 'zod';
import { EhrConfigSchema } from './ehr-config.js';
import { PayerConfigSchema } from './payer-config.js';
import { ReviewConfigSchema } from './review-config.js';
import { FaultRuleSchema, JournalConfigSchema } from './faults.js';
import { AuthConfigSchema } from './auth.js';

export const SeedSchema = z.union([z.number().int().nonnegative(), z.string().min(1)]);

export const SimulatorConfigSchema = z.object({
  seed: SeedSchema.default(42),
  /** Largest request body accepted, in bytes; larger → 413 OperationOutcome. */
  bodyLimitBytes: z.number().int().positive().default(1_048_576),
  ehr: EhrConfigSchema.prefault({}),
  payer: PayerConfigSchema.prefault({}),
  review: ReviewConfigSchema.prefault({}),
  /** Fault rules armed at start (and re-armed by reset). */
  faults: z.array(FaultRuleSchema).default([]),
  journal: JournalConfigSchema.prefault({}),
  /** SMART Backend Services on the payer and EHR FHIR APIs (`none`: open, the default). */
  auth: AuthConfigSchema,
});
export type SimulatorConfig = z.infer<typeof SimulatorConfigSchema>;
export type SimulatorConfigInput = z.input<typeof SimulatorConfigSchema>;

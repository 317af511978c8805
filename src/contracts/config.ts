/**
 * The simulator's configuration, validated once at the edge (CLI flags → scenario file →
 * these defaults). Each system owns its section's schema.
 */
import { z } from 'zod';
import { EhrConfigSchema } from './ehr-config.js';
import { PayerConfigSchema } from './payer-config.js';
import { ReviewConfigSchema } from './review-config.js';
import { ModelConfigSchema } from './model-config.js';
import { FaultRuleSchema, JournalConfigSchema } from './faults.js';
import { AuthConfigSchema } from './auth.js';
import { OutboundConfigSchema } from './outbound.js';
import { trimTrailingSlashes } from './trim-trailing-slashes.js';


export const SeedSchema = z.union([z.number().int().nonnegative(), z.string().min(1)]);

export const SimulatorConfigSchema = z.object({
  seed: SeedSchema.default(42),
  /** Largest request body accepted, in bytes; larger → 413 OperationOutcome. */
  bodyLimitBytes: z.number().int().positive().default(1_048_576),
  /**
   * Origin (and optional path prefix) of absolute URLs in responses: Bundle.link, fullUrl,
   * Location. `serve --public-url`; the server defaults it to its listening address. Without it
   * (in-process use) the request URL's origin is used. Never taken from the Host header.
   */
  publicUrl: z.url({ protocol: /^https?$/ }).transform(trimTrailingSlashes).optional(),
  /** Hosts the simulator may call back (review decisions, Subscription handshakes and notifications). */
  outbound: OutboundConfigSchema.prefault({}),
  admin: z.object({
    /** When set, every /__admin call needs `Authorization: Bearer <token>` (`serve --admin-token`). */
    token: z.string().min(16, 'an admin token of at least 16 characters').max(512).optional(),
  }).prefault({}),
  ehr: EhrConfigSchema.prefault({}),
  payer: PayerConfigSchema.prefault({}),
  review: ReviewConfigSchema.prefault({}),
  /** The model gateway (Bedrock Converse-shaped): model profiles with prices, and how the model answers each agent. */
  model: ModelConfigSchema.prefault({}),
  /** Fault rules armed at start (and re-armed by reset). */
  faults: z.array(FaultRuleSchema).default([]),
  journal: JournalConfigSchema.prefault({}),
  /** SMART Backend Services on the payer and EHR FHIR APIs (`none`: open, the default); CDS Hooks client JWTs on the payer's CRD hooks with `cdsHooks: jwt`. */
  auth: AuthConfigSchema,
});
export type SimulatorConfig = z.infer<typeof SimulatorConfigSchema>;
export type SimulatorConfigInput = z.input<typeof SimulatorConfigSchema>;

/**
 * A scenario file (`scenarios/*.yaml`): one real situation a prior-auth pipeline meets — the
 * seed, the clock, how the payer, EHR and reviewer behave, which faults strike, which request
 * the orchestrator makes, and the outcome it should reach (so a run can be judged).
 */
import { z } from 'zod';
import { SeedSchema } from './config.js';
import { EhrConfigSchema } from './ehr-config.js';
import { PayerConfigSchema } from './payer-config.js';
import { ReviewConfigSchema } from './review-config.js';
import { ModelConfigSchema } from './model-config.js';
import { FaultRuleSchema } from './faults.js';
import { AuthConfigSchema } from './auth.js';

export const ScenarioClockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('virtual') }),
  z.object({ kind: z.literal('real') }),
  /** `factor` simulated seconds per real second (3600: an hour a second). */
  z.object({ kind: z.literal('dilated'), factor: z.number().positive().max(10_000_000) }),
]);
export type ScenarioClock = z.infer<typeof ScenarioClockSchema>;

export const OrchestratorOutcomeSchema = z.enum(['APPROVED', 'PARTIALLY_APPROVED', 'MODIFIED', 'DENIED', 'REJECTED', 'MANUAL_REVIEW']);
export type OrchestratorOutcome = z.infer<typeof OrchestratorOutcomeSchema>;

export const ScenarioRequestSchema = z.object({
  /** An EHR patient id (a persona of the synthetic panel). */
  patientId: z.string().min(1),
  /** CPT or RxNorm code of what is being authorized. */
  procedureCode: z.string().min(1),
});

export const ScenarioExpectationSchema = z.object({
  outcome: OrchestratorOutcomeSchema,
  /** A substring the outcome's reason must contain (denials, rejections, manual review). */
  reasonContains: z.string().min(1).optional(),
  /** Claims the payer must have adjudicated for the request (0 after a physician rejection). */
  claims: z.number().int().nonnegative().optional(),
});

export const ScenarioSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a kebab-case name'),
  /** One line, shown by `prior-auth-sim scenarios`. */
  description: z.string().min(1).max(200),
  seed: SeedSchema.default(42),
  clock: ScenarioClockSchema.default({ kind: 'virtual' }),
  ehr: EhrConfigSchema.prefault({}),
  payer: PayerConfigSchema.prefault({}),
  review: ReviewConfigSchema.prefault({}),
  /** How the simulated model answers each agent (default: correctly), and its profiles and prices. */
  model: ModelConfigSchema.prefault({}),
  faults: z.array(FaultRuleSchema).default([]),
  /** `none` (default) or `smart`: SMART Backend Services on the payer and EHR (the orchestrator authenticates); `{ cdsHooks: jwt }`: signed CDS Hooks calls to CRD. */
  auth: AuthConfigSchema,
  request: ScenarioRequestSchema,
  expected: ScenarioExpectationSchema,
}).strict();
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

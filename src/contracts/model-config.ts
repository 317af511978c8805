/**
 * Model gateway section of the simulator configuration: the model profiles it serves (context
 * window, speed, price) and how the simulated model behaves for each of the orchestrator's
 * four agents.
 */
import { z } from 'zod';

export const MODEL_AGENTS = ['clinical-extraction', 'medical-necessity', 'payer-criteria', 'justification-letter'] as const;
export const ModelAgentSchema = z.enum(MODEL_AGENTS);
export type ModelAgent = z.infer<typeof ModelAgentSchema>;

export const ModelBehaviourSchema = z.enum([
  /** The clinically right structured answer for the persona. */
  'correct',
  /** Cites a diagnosis code the chart does not hold. */
  'hallucinates-code',
  /** Leaves one criterion (or diagnosis) out of its answer. */
  'misses-criterion',
  /** Declines to answer (a text reply, no tool use). */
  'refuses',
  /** Answers at length: past a small `maxTokens` the output is cut (`stopReason: max_tokens`). */
  'truncates',
  /** Answers text that is not valid JSON instead of using the tool. */
  'malformed-json',
  /** A different answer on every attempt (`requestMetadata.attempt`): flawed at first, right from the third. */
  'varies-per-attempt',
]);
export type ModelBehaviour = z.infer<typeof ModelBehaviourSchema>;

export const ModelProfileSchema = z.object({
  contextWindowTokens: z.number().int().positive().max(10_000_000),
  maxOutputTokens: z.number().int().positive().max(1_000_000),
  /** Time to first token, in ms of simulated time. */
  timeToFirstTokenMs: z.number().nonnegative().max(600_000),
  outputTokensPerSecond: z.number().positive().max(100_000),
  /** A call whose simulated latency passes this answers `ModelTimeoutException`. */
  timeoutMs: z.number().positive().max(3_600_000).default(60_000),
  /** USD per 1,000 input tokens. */
  inputPricePer1k: z.number().nonnegative(),
  /** USD per 1,000 output tokens. */
  outputPricePer1k: z.number().nonnegative(),
});
export type ModelProfile = z.infer<typeof ModelProfileSchema>;

/** Published on-demand list prices (us-east-1) at the time of writing; a scenario may set its own. */
export const DEFAULT_MODEL_PROFILES: Record<string, z.input<typeof ModelProfileSchema>> = {
  'anthropic.claude-3-5-sonnet-20240620-v1:0': { contextWindowTokens: 200_000, maxOutputTokens: 8192, timeToFirstTokenMs: 700, outputTokensPerSecond: 60, inputPricePer1k: 0.003, outputPricePer1k: 0.015 },
  'anthropic.claude-3-haiku-20240307-v1:0': { contextWindowTokens: 200_000, maxOutputTokens: 4096, timeToFirstTokenMs: 350, outputTokensPerSecond: 130, inputPricePer1k: 0.00025, outputPricePer1k: 0.00125 },
  'amazon.nova-lite-v1:0': { contextWindowTokens: 300_000, maxOutputTokens: 5000, timeToFirstTokenMs: 300, outputTokensPerSecond: 150, inputPricePer1k: 0.00006, outputPricePer1k: 0.00024 },
};

const ModelIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'a model id such as anthropic.claude-3-5-sonnet-20240620-v1:0');

export const ModelConfigSchema = z.object({
  /** The models served, by model id (the `{modelId}` of the Converse path). */
  profiles: z.record(ModelIdSchema, ModelProfileSchema).default(() => Object.fromEntries(Object.entries(DEFAULT_MODEL_PROFILES).map(([k, v]) => [k, ModelProfileSchema.parse(v)]))),
  /** How the model answers each agent's prompt (default: correctly). */
  agents: z.object(Object.fromEntries(MODEL_AGENTS.map((a) => [a, ModelBehaviourSchema.default('correct')])) as Record<ModelAgent, z.ZodDefault<typeof ModelBehaviourSchema>>).prefault({}),
  /** Calls kept in the token ledger's call list (totals count them all). */
  ledgerCapacity: z.number().int().positive().max(1_000_000).default(10_000),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

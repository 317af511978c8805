/**
 * The model gateway's wire contract: the subset of Amazon Bedrock Runtime `Converse` that
 * `@aws-sdk/client-bedrock-runtime` sends and reads (`POST /model/{modelId}/converse`), and
 * Bedrock's error names. Unknown members are accepted (the real API has more: guardrails,
 * images, prompt variables), so a newer SDK keeps working; what the gateway reads is checked.
 */
import { z } from 'zod';

/** One content block: exactly one member set, as in Bedrock's tagged union. */
export const ContentBlockSchema = z.looseObject({
  text: z.string().max(1_000_000).optional(),
  toolUse: z.object({ toolUseId: z.string().min(1).max(64), name: z.string().min(1).max(64), input: z.unknown() }).optional(),
  toolResult: z.looseObject({ toolUseId: z.string().min(1).max(64), content: z.array(z.looseObject({ text: z.string().optional(), json: z.unknown().optional() })).max(100), status: z.enum(['success', 'error']).optional() }).optional(),
}).refine((b) => Object.keys(b).length === 1, { message: 'a content block must set exactly one member (text, toolUse, toolResult, ...)' });
export type ContentBlock = z.infer<typeof ContentBlockSchema>;

export const ModelMessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.array(ContentBlockSchema).min(1).max(100),
});
export type ModelMessage = z.infer<typeof ModelMessageSchema>;

export const ToolSpecSchema = z.object({
  toolSpec: z.looseObject({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'a tool name: a letter, then up to 63 of a-z A-Z 0-9 _ -'),
    description: z.string().min(1).max(10_000).optional(),
    inputSchema: z.object({ json: z.unknown() }),
  }),
});

export const ToolChoiceSchema = z.union([
  z.object({ auto: z.object({}) }),
  z.object({ any: z.object({}) }),
  z.object({ tool: z.object({ name: z.string().min(1).max(64) }) }),
]);

export const InferenceConfigSchema = z.object({
  maxTokens: z.number().int().min(1).optional(),
  temperature: z.number().min(0).max(1).optional(),
  topP: z.number().min(0).max(1).optional(),
  stopSequences: z.array(z.string().min(1).max(256)).max(4).optional(),
});

export const ConverseRequestSchema = z.looseObject({
  messages: z.array(ModelMessageSchema).min(1).max(1000)
    .refine((m) => m[0]?.role === 'user', { message: 'A conversation must start with a user message.' }),
  system: z.array(z.looseObject({ text: z.string().max(1_000_000).optional() })).max(100).optional(),
  inferenceConfig: InferenceConfigSchema.optional(),
  toolConfig: z.object({ tools: z.array(ToolSpecSchema).min(1).max(64), toolChoice: ToolChoiceSchema.optional() }).optional(),
  /** Bedrock's invocation-log metadata; the orchestrator names the agent and its attempt here (`agent`, `attempt`). */
  requestMetadata: z.record(z.string().min(1).max(256), z.string().max(256)).refine((r) => Object.keys(r).length <= 16, { message: 'at most 16 requestMetadata entries' }).optional(),
});
export type ConverseRequest = z.infer<typeof ConverseRequestSchema>;

export const StopReasonSchema = z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'guardrail_intervened', 'content_filtered']);
export type StopReason = z.infer<typeof StopReasonSchema>;

export const TokenUsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

export const ConverseResponseSchema = z.object({
  output: z.object({ message: z.object({ role: z.literal('assistant'), content: z.array(ContentBlockSchema) }) }),
  stopReason: StopReasonSchema,
  usage: TokenUsageSchema,
  metrics: z.object({ latencyMs: z.number().int().nonnegative() }),
});
export type ConverseResponse = z.infer<typeof ConverseResponseSchema>;

/** Bedrock Runtime's error names with their HTTP status (sent as `x-amzn-ErrorType` and `{ message }`). */
export const MODEL_ERRORS = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
  ModelErrorException: 424,
} as const;
export type ModelErrorName = keyof typeof MODEL_ERRORS;

/** The faults a scenario can make the model API answer (transient ones: a client may retry them). */
export const ModelFaultErrorSchema = z.enum(['ThrottlingException', 'ServiceUnavailableException', 'ModelTimeoutException', 'ModelNotReadyException', 'InternalServerException']);

/** Bedrock's error body. */
export const ModelErrorSchema = z.object({ message: z.string() });

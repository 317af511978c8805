/**
 * The token ledger (`GET /__admin/model/ledger`): every model call with its tokens, cost and
 * outcome, attributed to an execution (from `x-request-id: <execution>#<invocation>`), an agent
 * and an attempt (from Converse `requestMetadata`). Invariant 9 is checked from it.
 */
import { z } from 'zod';

export const ModelCallOutcomeSchema = z.enum([
  /** Answered, and the answer reached the wire. */
  'completed',
  /** Answered with an error before any output was generated (throttled, timed out, ...). */
  'faulted',
  /** The tokens were spent, then the response was lost or mangled on its way back. */
  'lost-after-spend',
]);
export type ModelCallOutcome = z.infer<typeof ModelCallOutcomeSchema>;

export const ModelCallSchema = z.object({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  modelId: z.string(),
  /** `unattributed` when the call carried no `x-request-id`. */
  executionId: z.string(),
  invocation: z.number().int().nonnegative().nullable(),
  agent: z.string().nullable(),
  attempt: z.number().int().positive().nullable(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  latencyMs: z.number().int().nonnegative(),
  outcome: ModelCallOutcomeSchema,
  /** The error name (faulted) or fault kind (lost after spend). */
  fault: z.string().optional(),
  stopReason: z.string().optional(),
});
export type ModelCall = z.infer<typeof ModelCallSchema>;

export const ModelTotalsSchema = z.object({
  calls: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  byOutcome: z.record(z.string(), z.number().int().nonnegative()),
});
export type ModelTotals = z.infer<typeof ModelTotalsSchema>;

export const ModelLedgerSchema = z.object({
  totals: ModelTotalsSchema,
  /** Per execution, then per agent. */
  executions: z.array(ModelTotalsSchema.extend({ executionId: z.string(), agents: z.array(ModelTotalsSchema.extend({ agent: z.string() })) })),
  /** The calls, oldest first (the newest `ledgerCapacity`; `?execution=` filters). */
  calls: z.array(ModelCallSchema),
});
export type ModelLedger = z.infer<typeof ModelLedgerSchema>;

/**
 * The request journal's entry and query shapes. Entries hold no bodies (clinical payloads stay
 * out of logs): sizes, a few headers and what the fault engine did.
 */
import { z } from 'zod';
import { FaultKindSchema } from './faults.js';

export const JournalFaultSchema = z.object({
  kind: FaultKindSchema,
  ruleId: z.string(),
  /** Real milliseconds of transport delay drawn by a latency fault. */
  latencyMs: z.number().nonnegative().optional(),
});
export type JournalFault = z.infer<typeof JournalFaultSchema>;

/** What reached the client: a response, or a connection that was reset, hung or cut short. */
export const WireOutcomeSchema = z.enum(['responded', 'reset', 'hang', 'truncated']);
export type WireOutcome = z.infer<typeof WireOutcomeSchema>;

export const JournalEntrySchema = z.object({
  seq: z.number().int().positive(),
  /** Simulated time (the injected clock) when the request arrived. */
  at: z.iso.datetime(),
  method: z.string(),
  /** Path and query, without scheme and host. */
  url: z.string(),
  system: z.string(),
  status: z.number().int(),
  outcome: WireOutcomeSchema,
  /** Whether a route handler ran (false when a before-fault answered in its place). */
  handled: z.boolean(),
  requestHeaders: z.record(z.string(), z.string()),
  responseHeaders: z.record(z.string(), z.string()),
  requestBytes: z.number().int().nonnegative().nullable(),
  responseBytes: z.number().int().nonnegative(),
  faults: z.array(JournalFaultSchema),
  /** Simulated milliseconds between arrival and response (0 on a virtual clock that did not move). */
  durationMs: z.number().nonnegative(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

const csv = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** GET /__admin/journal query parameters. */
export const JournalQuerySchema = z.object({
  system: csv.optional(),
  method: z.string().transform((m) => m.toUpperCase()).optional(),
  path: z.string().startsWith('/').optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  fault: csv.optional(),
  since: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().positive().max(100_000).optional(),
  format: z.enum(['json', 'ndjson']).default('json'),
});
export type JournalQuery = z.input<typeof JournalQuerySchema>;
export type JournalFilter = Omit<z.infer<typeof JournalQuerySchema>, 'format'>;

/** GET /__admin/journal: entries matching the query, oldest first. */
export const JournalPageSchema = z.object({
  /** Entries held now (at most the capacity). */
  total: z.number().int().nonnegative(),
  /** The newest sequence number: pass it as `since` to tail. */
  lastSeq: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  entries: z.array(JournalEntrySchema),
});

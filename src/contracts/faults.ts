/**
 * Fault rules as data (WireMock's vocabulary): which calls a rule matches, when it fires, and
 * what goes wrong. The engine chooses; each transport adapter implements how (STYLE.md §3).
 *
 * @example
 * FaultRuleSchema.parse({
 *   match: { system: 'payer', route: '/payer/fhir/Claim/$submit', method: 'POST' },
 *   schedule: { kind: 'first-n', n: 1 },
 *   fault: { kind: 'response-lost-after-commit' },
 * });
 */
import { z } from 'zod';
import { ModelFaultErrorSchema } from './model-converse.js';

export const FaultSystemSchema = z.enum(['ehr', 'payer', 'review', 'model', 'admin']);

export const FaultMatchSchema = z.object({
  /** Unset matches every system except `admin`, so a rule can never lock out /__admin. */
  system: FaultSystemSchema.optional(),
  /** A path prefix (`/payer/fhir/Claim`) or a glob: `*` within one segment, `**` across segments. */
  route: z.string().startsWith('/').optional(),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
  /** Substring of the URL or the request body, e.g. a patient id or a Claim identifier. */
  businessKey: z.string().min(1).optional(),
});

/** An ISO instant, or seconds after the rule was armed. */
const WindowEdgeSchema = z.union([z.iso.datetime({ offset: true }), z.number().nonnegative()]);

export const FaultScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('always') }),
  z.object({ kind: z.literal('probability'), p: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('first-n'), n: z.number().int().positive() }),
  z.object({ kind: z.literal('every-kth'), k: z.number().int().positive() }),
  z.object({ kind: z.literal('window'), from: WindowEdgeSchema, to: WindowEdgeSchema.optional() }),
]);
export type FaultSchedule = z.infer<typeof FaultScheduleSchema>;

const Ms = z.number().nonnegative().max(600_000);

export const LatencyDistributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), ms: Ms }),
  z.object({ kind: z.literal('uniform'), min: Ms, max: Ms }).refine((d) => d.max >= d.min, { message: 'max must be >= min', path: ['max'] }),
  z.object({ kind: z.literal('normal'), mean: Ms, sd: Ms }),
  z.object({ kind: z.literal('lognormal'), median: Ms.positive(), p99: Ms.positive() }).refine((d) => d.p99 >= d.median, { message: 'p99 must be >= median', path: ['p99'] }),
]);
export type LatencyDistribution = z.infer<typeof LatencyDistributionSchema>;

/** Five minutes: how long a hung connection stays open before the server gives up. */
export const DEFAULT_HANG_CAP_MS = 300_000;

export const FaultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('http-status'),
    status: z.number().int().min(400).max(599),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    /** `auto`: an HTML gateway page for 502/504, an OperationOutcome (FHIR) or problem JSON otherwise. */
    body: z.enum(['auto', 'outcome', 'html']).default('auto'),
  }),
  z.object({ kind: z.literal('latency'), distribution: LatencyDistributionSchema }),
  z.object({ kind: z.literal('connection-reset') }),
  z.object({ kind: z.literal('response-lost-after-commit') }),
  z.object({ kind: z.literal('hang'), capMs: z.number().int().positive().max(3_600_000).default(DEFAULT_HANG_CAP_MS) }),
  /** The real status and headers with the full Content-Length, then `fraction` of the body, then a dropped connection. */
  z.object({ kind: z.literal('truncated-body'), fraction: z.number().min(0).lt(1).default(0.5) }),
  z.object({ kind: z.literal('malformed-json') }),
  z.object({ kind: z.literal('wrong-content-type'), contentType: z.string().min(1).default('text/html; charset=utf-8') }),
  z.object({ kind: z.literal('empty-200') }),
  /** Auth faults, applied by the SMART middleware (src/auth): on a FHIR call the presented access token expires now; at a token endpoint the issued token is dead on arrival. */
  z.object({ kind: z.literal('token-expired') }),
  /** The calling client's keys are revoked until the next reset: its tokens stop working and its assertions are refused (`invalid_client`). */
  z.object({ kind: z.literal('key-revoked') }),
  /** The token endpoint refuses the client (`invalid_client`); a FHIR call answers 401 `invalid_token`. */
  z.object({ kind: z.literal('invalid-client') }),
  /** The auth server's clock is `seconds` off the simulator's for this call (assertion `exp`/`iat`, token expiry). */
  z.object({ kind: z.literal('clock-skew'), seconds: z.number().int().min(-86_400).max(86_400) }),
  /** Model gateway only (src/model): the call answers this Bedrock error instead of the model's output; the ledger records it as faulted. */
  z.object({ kind: z.literal('model-error'), error: ModelFaultErrorSchema }),
]);
export type Fault = z.infer<typeof FaultSchema>;
export type FaultKind = Fault['kind'];

export const FaultKindSchema = z.enum(FaultSchema.options.map((o) => o.shape.kind.value) as [FaultKind, ...FaultKind[]]);

/** Faults decided before the handler runs (it never runs when one applies, except latency). */
export const BEFORE_KINDS: ReadonlySet<FaultKind> = new Set(['http-status', 'latency', 'connection-reset', 'hang']);

/** Faults the handler applies itself (the auth middleware): every one that fires is handed to it, unless a before-fault keeps it from running. */
export const HANDLER_KINDS: ReadonlySet<FaultKind> = new Set(['token-expired', 'key-revoked', 'invalid-client', 'clock-skew', 'model-error']);

export const FaultRuleSchema = z.object({
  /** Names the rule's RNG stream (`fault.<id>`); generated as `fault-<n>` in arming order when absent. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'an id: 1–64 of A-Z a-z 0-9 . _ -').optional(),
  match: FaultMatchSchema.prefault({}),
  schedule: FaultScheduleSchema.default({ kind: 'always' }),
  fault: FaultSchema,
});
export type FaultRule = z.infer<typeof FaultRuleSchema>;
export type FaultRuleInput = z.input<typeof FaultRuleSchema>;

export const JournalConfigSchema = z.object({
  /** Entries kept; older ones are dropped (ring buffer). */
  capacity: z.number().int().positive().max(1_000_000).default(10_000),
  /** Estimated bytes kept (URLs and headers are the client's); older entries are dropped past it. */
  maxBytes: z.number().int().min(4096).max(1_073_741_824).default(33_554_432),
  /** Journal /__admin calls too (off: they are not traffic of the system under test). */
  includeAdmin: z.boolean().default(false),
});
export type JournalConfig = z.infer<typeof JournalConfigSchema>;

/** A rule as armed: its id, how many calls it matched and how many times it fired. */
export const ArmedFaultSchema = FaultRuleSchema.extend({
  id: z.string(),
  matched: z.number().int().nonnegative(),
  /** Calls its fault was injected into. */
  fired: z.number().int().nonnegative(),
  /** Calls its schedule chose but another rule's fault took (an earlier before-fault, or a before-fault over this after-fault). */
  preempted: z.number().int().nonnegative(),
  armedAt: z.iso.datetime(),
});
export type ArmedFault = z.infer<typeof ArmedFaultSchema>;

export const ArmedFaultListSchema = z.object({ faults: z.array(ArmedFaultSchema) });

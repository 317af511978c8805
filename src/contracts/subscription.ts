/**
 * Topic-based Subscriptions on the payer (FHIR R5 Subscriptions Backport IG, R4 shapes): the
 * Subscription a client POSTs, the resource the payer answers, and the notification Bundle it
 * POSTs to `channel.endpoint` (type `history`, first entry a SubscriptionStatus as Parameters,
 * then, for `full-resource`, the ClaimResponse and the resources it references).
 * Schemas are flat (no recursive extensions) so the OpenAPI generator can render them.
 */
import { z } from 'zod';
import { BundleEntrySchema, BundleSchema, IdSchema, InstantSchema, ReferenceSchema, ResourceSchema } from './fhir-base.js';
import { PasClaimResponseSchema, type PasClaimResponse } from './pas.js';

const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
export const BackportUrls = {
  filterCriteria: `${BACKPORT}/backport-filter-criteria`,
  payloadContent: `${BACKPORT}/backport-payload-content`,
  heartbeatPeriod: `${BACKPORT}/backport-heartbeat-period`,
  subscriptionProfile: `${BACKPORT}/backport-subscription`,
  statusProfile: `${BACKPORT}/backport-subscription-status-r4`,
  notificationProfile: `${BACKPORT}/backport-subscription-notification-r4`,
  topicCanonical: `${BACKPORT}/capabilitystatement-subscriptiontopic-canonical`,
} as const;

/**
 * `Subscription.channel.extension` carrying the per-callback secret (callback-signature.ts):
 * the payer signs every POST to the endpoint with it (`X-Callback-Signature`) and never echoes it.
 */
export const CALLBACK_SECRET_EXTENSION = 'http://prior-auth-sim.dev/StructureDefinition/callback-secret';

/** The topic: a pended claim got its final decision. The PAS 2.0.1 topic canonical is accepted as an alias. */
export const PAS_DECISION_TOPIC = 'http://prior-auth-sim.dev/SubscriptionTopic/pas-claim-decision';
export const SUBSCRIPTION_TOPICS = [PAS_DECISION_TOPIC, 'http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic'] as const;
export const PayloadContentSchema = z.enum(['empty', 'id-only', 'full-resource']);
export type PayloadContent = z.infer<typeof PayloadContentSchema>;

const required = (what: string) => (iss: { input: unknown }) => (iss.input === undefined ? `required: ${what}` : undefined);
const ValueExtensionSchema = z.looseObject({ url: z.string(), valueString: z.string().optional(), valueCode: z.string().optional(), valueUnsignedInt: z.number().optional() });
const PrimitiveExtensionsSchema = z.looseObject({ extension: z.array(ValueExtensionSchema).optional() });

/** What `POST /payer/fhir/Subscription` accepts; `id` and `status` are assigned by the payer. */
export const SubscriptionCreateSchema = z.looseObject({
  resourceType: z.literal('Subscription'),
  id: z.string().optional(),
  status: z.enum(['requested', 'active', 'error', 'off']).optional(),
  reason: z.string().optional(),
  end: InstantSchema.optional(),
  criteria: z.enum(SUBSCRIPTION_TOPICS, {
    error: (iss) => required('the topic canonical URL')(iss) ?? `unknown topic ${JSON.stringify(iss.input)}: this payer offers ${PAS_DECISION_TOPIC} (alias ${SUBSCRIPTION_TOPICS[1]})`,
  }),
  /** backport-filter-criteria, e.g. `ClaimResponse?request.identifier=urn:trnorg:123|CLM-1` or `ClaimResponse?patient=Patient/p1`. */
  _criteria: PrimitiveExtensionsSchema.optional(),
  channel: z.looseObject({
    type: z.literal('rest-hook', {
      error: (iss) => required('channel.type "rest-hook"')(iss) ?? `channel type ${JSON.stringify(iss.input)} is not supported: only "rest-hook" (HTTP POST to channel.endpoint)`,
    }),
    endpoint: z.url({ protocol: /^https?$/, error: (iss) => required('the absolute http(s) URL notifications are POSTed to')(iss) ?? 'expected an absolute http(s) URL' }),
    payload: z.literal('application/fhir+json', { error: () => 'only "application/fhir+json" payloads are supported' }).optional(),
    /** backport-payload-content: `full-resource` (default), `id-only` or `empty`. */
    _payload: PrimitiveExtensionsSchema.optional(),
    /** `Name: value` strings sent as HTTP headers with every notification. */
    header: z.array(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+:.*$/, 'expected "Name: value"')).optional(),
    /** backport-heartbeat-period (valueUnsignedInt seconds, at least 60). */
    extension: z.array(ValueExtensionSchema).optional(),
  }, { error: required('channel (type, endpoint, payload)') }),
});
export type SubscriptionCreate = z.infer<typeof SubscriptionCreateSchema>;

export const SubscriptionStatusCodeSchema = z.enum(['requested', 'active', 'error', 'off']);
export type SubscriptionStatusCode = z.infer<typeof SubscriptionStatusCodeSchema>;

/** The Subscription as the payer holds it: status `active` after a successful handshake, else `error` (see `error`). */
export const SubscriptionSchema = SubscriptionCreateSchema.extend({
  id: IdSchema,
  status: SubscriptionStatusCodeSchema,
  error: z.string().optional(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

const ParameterValue = {
  name: z.string(),
  valueString: z.string().optional(),
  valueCode: z.string().optional(),
  valueCanonical: z.string().optional(),
  valueInstant: InstantSchema.optional(),
  valueReference: ReferenceSchema.optional(),
};
/** backport-subscription-status-r4: the R5 SubscriptionStatus carried as Parameters. */
export const SubscriptionStatusParametersSchema = z.looseObject({
  resourceType: z.literal('Parameters'),
  id: z.string().optional(),
  parameter: z.array(z.looseObject({ ...ParameterValue, part: z.array(z.looseObject(ParameterValue)).optional() })).min(1),
});
export type SubscriptionStatusParameters = z.infer<typeof SubscriptionStatusParametersSchema>;

export const NotificationTypeSchema = z.enum(['handshake', 'heartbeat', 'event-notification', 'query-status', 'query-event']);

/** backport-subscription-notification-r4: what the payer POSTs to `channel.endpoint`. */
export const SubscriptionNotificationSchema = BundleSchema.extend({
  type: z.literal('history'),
  timestamp: InstantSchema,
  entry: z.tuple([BundleEntrySchema.extend({ resource: SubscriptionStatusParametersSchema })], BundleEntrySchema.extend({ resource: ResourceSchema.optional() })),
});
export type SubscriptionNotification = z.infer<typeof SubscriptionNotificationSchema>;

export interface ReadNotification {
  type: z.infer<typeof NotificationTypeSchema>;
  status?: string;
  subscription?: string;
  topic?: string;
  eventsSinceSubscriptionStart: number;
  /** Event notifications only. */
  eventNumber?: number;
  timestamp?: string;
  /** Absolute URL of the ClaimResponse (absent for `empty` payloads). */
  focus?: string;
  /** `full-resource` only: Claim identifier in `request.identifier`, decision in `outcome` and each item's review action. */
  claimResponse?: PasClaimResponse;
}

/**
 * Validate a notification body and read its SubscriptionStatus.
 * @example const n = readNotification(JSON.parse(body)); n.claimResponse?.request.identifier
 */
export function readNotification(body: unknown): ReadNotification {
  const bundle = SubscriptionNotificationSchema.parse(body);
  const params = bundle.entry[0].resource.parameter;
  const param = (name: string) => params.find((p) => p.name === name);
  const event = param('notification-event');
  const part = (name: string) => event?.part?.find((p) => p.name === name);
  const number = part('event-number')?.valueString;
  const response = bundle.entry.slice(1).find((e) => e.resource?.resourceType === 'ClaimResponse')?.resource;
  return {
    type: NotificationTypeSchema.parse(param('type')?.valueCode),
    status: param('status')?.valueCode,
    subscription: param('subscription')?.valueReference?.reference,
    topic: param('topic')?.valueCanonical,
    eventsSinceSubscriptionStart: Number(param('events-since-subscription-start')?.valueString ?? 0),
    ...(number !== undefined ? { eventNumber: Number(number) } : {}),
    ...(part('timestamp')?.valueInstant ? { timestamp: part('timestamp')!.valueInstant } : {}),
    ...(part('focus')?.valueReference?.reference ? { focus: part('focus')!.valueReference!.reference } : {}),
    ...(response ? { claimResponse: PasClaimResponseSchema.parse(response) } : {}),
  };
}

/**
 * Reads a validated Subscription create request into the settings the payer acts on: filters,
 * endpoint, headers, payload content and heartbeat. zod has checked the structure; what needs
 * the extensions' meaning is checked here, each 400 naming the element's path.
 */
import { BackportUrls, CALLBACK_SECRET_EXTENSION, PayloadContentSchema, type PayloadContent, type SubscriptionCreate } from '../../contracts/subscription.js';
import { badRequest } from '../../core/operation-outcome.js';
import { parseFilterCriteria, type SubscriptionFilter } from './subscription-filter.js';

/** A heartbeat more often than this would flood the receiver when the virtual clock jumps days. */
export const MIN_HEARTBEAT_SECONDS = 60;

export interface SubscriptionSettings {
  topic: string;
  filters: SubscriptionFilter[];
  endpoint: string;
  headers: Record<string, string>;
  content: PayloadContent;
  heartbeatSeconds?: number;
  /** Signs every POST to the endpoint (X-Callback-Signature); from the callback-secret channel extension. */
  callbackSecret?: string;
}

function readContent(input: SubscriptionCreate): PayloadContent {
  const exts = input.channel._payload?.extension ?? [];
  const i = exts.findIndex((e) => e.url === BackportUrls.payloadContent);
  if (i < 0) return 'full-resource';
  const parsed = PayloadContentSchema.safeParse(exts[i]!.valueCode);
  const path = `Subscription.channel._payload.extension[${i}].valueCode`;
  if (!parsed.success) throw badRequest(`${path}: expected one of ${PayloadContentSchema.options.join(', ')}, got ${JSON.stringify(exts[i]!.valueCode)}`, path);
  return parsed.data;
}

function readHeartbeat(input: SubscriptionCreate): number | undefined {
  const exts = input.channel.extension ?? [];
  const i = exts.findIndex((e) => e.url === BackportUrls.heartbeatPeriod);
  if (i < 0) return undefined;
  const seconds = exts[i]!.valueUnsignedInt;
  const path = `Subscription.channel.extension[${i}].valueUnsignedInt`;
  if (seconds === undefined || !Number.isInteger(seconds) || seconds < MIN_HEARTBEAT_SECONDS) {
    throw badRequest(`${path}: heartbeat period must be an integer of at least ${MIN_HEARTBEAT_SECONDS} seconds, got ${JSON.stringify(seconds)}`, path);
  }
  return seconds;
}

function readCallbackSecret(input: SubscriptionCreate): string | undefined {
  const exts = input.channel.extension ?? [];
  const i = exts.findIndex((e) => e.url === CALLBACK_SECRET_EXTENSION);
  if (i < 0) return undefined;
  const secret = exts[i]!.valueString;
  const path = `Subscription.channel.extension[${i}].valueString`;
  if (secret === undefined || secret.length < 16 || secret.length > 256) throw badRequest(`${path}: a callback secret of 16–256 characters`, path);
  return secret;
}

/** Settings of a create request, or a 400 naming the offending element. */
export function readSubscriptionRequest(input: SubscriptionCreate): SubscriptionSettings {
  const filters = (input._criteria?.extension ?? []).flatMap((e, i) => {
    if (e.url !== BackportUrls.filterCriteria) return [];
    const path = `Subscription._criteria.extension[${i}].valueString`;
    if (!e.valueString) throw badRequest(`${path}: required: a filter such as "ClaimResponse?request.identifier=system|value"`, path);
    return parseFilterCriteria(e.valueString, path);
  });
  const headers: Record<string, string> = {};
  for (const h of input.channel.header ?? []) {
    const colon = h.indexOf(':');
    headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  const heartbeatSeconds = readHeartbeat(input);
  const callbackSecret = readCallbackSecret(input);
  return {
    topic: input.criteria,
    filters,
    endpoint: input.channel.endpoint,
    headers,
    content: readContent(input),
    ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
    ...(callbackSecret !== undefined ? { callbackSecret } : {}),
  };
}

/**
 * What a payer notification (a rest-hook Subscription delivery) says, read once for the local
 * receiver and the AWS notification relay alike: a handshake or heartbeat (no ClaimResponse),
 * a stale pended ClaimResponse, or a final decision that completes the waiting callback.
 */
import { BundleSchema } from '../src/contracts/fhir-base.js';
import { PasClaimResponseSchema } from '../src/contracts/pas.js';
import { summarizeDecision, type DecisionSummary } from './clients/decision-summary.js';

export type NotificationReading =
  | { readonly kind: 'invalid'; readonly detail: string }
  | { readonly kind: 'acknowledged' }
  | { readonly kind: 'stale' }
  | { readonly kind: 'final'; readonly decision: DecisionSummary };

/** @example const reading = readNotification(body); if (reading.kind === 'final') complete(JSON.stringify(reading.decision)); */
export function readNotification(text: string): NotificationReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', detail: 'body is not JSON: expected a notification Bundle' };
  }
  const bundle = BundleSchema.safeParse(json);
  if (!bundle.success) return { kind: 'invalid', detail: `not a FHIR Bundle: ${bundle.error.issues[0]?.message ?? 'invalid'}` };
  const claimResponse = bundle.data.entry?.map((e) => e.resource).find((r) => r?.resourceType === 'ClaimResponse');
  if (!claimResponse) return { kind: 'acknowledged' };
  const parsed = PasClaimResponseSchema.safeParse(claimResponse);
  if (!parsed.success) return { kind: 'invalid', detail: `ClaimResponse: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const decision = summarizeDecision(parsed.data);
  return decision.outcome === 'PENDED' ? { kind: 'stale' } : { kind: 'final', decision };
}

/**
 * What makes two PAS submissions "the same request" for business-identifier deduplication:
 * who the patient is, what is asked for (item codes and quantities) and why (diagnoses) — not
 * the envelope a client may renew on a resend (Bundle.identifier, timestamps, local resource
 * ids). The same identifier with another substance is refused, never answered with the first
 * claim, which may be another patient's.
 */
import { fingerprintOf } from './idempotency-store.js';
import type { Submission } from './submission-validator.js';

function withoutLocalIds(resource: unknown): unknown {
  if (!resource || typeof resource !== 'object') return resource;
  const { id: _id, meta: _meta, ...rest } = resource as Record<string, unknown>;
  return rest;
}

/**
 * The submission's parts are what zod made of parsed JSON (plain data, no transforms), so their
 * canonical JSON is taken directly: the same as `fingerprint(JSON.stringify(…))`, which stored
 * claims were fingerprinted with (tested), without writing and parsing the text.
 */
export function substanceFingerprint(s: Submission): string {
  return fingerprintOf({
    patient: withoutLocalIds(s.index.resolve(s.claim.patient.reference)),
    items: s.claim.item.map((i) => ({ productOrService: i.productOrService, quantity: (i as { quantity?: unknown }).quantity })),
    diagnosis: (s.claim as { diagnosis?: unknown }).diagnosis,
  });
}

/**
 * The decision a PAS ClaimResponse carries, as the workflow's outcome vocabulary: X12 306
 * A1 → APPROVED, A2 → PARTIALLY_APPROVED, A6 → MODIFIED, A3 → DENIED (with its reason),
 * A4 → PENDED, CT → CONTACT_PAYER. With several items the least final wins (a pend, then
 * contact-payer), and a mix of certified and denied items is a partial approval.
 */
import type { Identifier } from '../../src/contracts/fhir-base.js';
import { readReviewAction, ReviewActionCodeSchema, type PasClaimResponse, type ReviewActionCode } from '../../src/contracts/pas.js';
import { TransientError } from './client-errors.js';

export type DecisionOutcome = 'APPROVED' | 'PARTIALLY_APPROVED' | 'MODIFIED' | 'DENIED' | 'PENDED' | 'CONTACT_PAYER';

export interface DecisionSummary {
  readonly outcome: DecisionOutcome;
  readonly reviewActionCode: ReviewActionCode;
  /** ClaimResponse.preAuthRef: the authorization number. */
  readonly authorizationNumber: string;
  /** Reason of the deciding item (always present on A3; on A2/A4/A6/CT when the payer gives one). */
  readonly reason?: { readonly code?: string; readonly text?: string };
  readonly claimResponseId: string;
  /** ClaimResponse.request.identifier: the business identifier of our Claim. */
  readonly claimIdentifier?: Identifier;
  readonly items: readonly { readonly sequence: number; readonly code: ReviewActionCode; readonly reason?: { code?: string; text?: string } }[];
}

const OUTCOME: Record<ReviewActionCode, DecisionOutcome> = {
  A1: 'APPROVED', A2: 'PARTIALLY_APPROVED', A3: 'DENIED', A4: 'PENDED', A6: 'MODIFIED', CT: 'CONTACT_PAYER',
};

/**
 * @example summarizeDecision(response.entry[0].resource) // { outcome: 'APPROVED', reviewActionCode: 'A1', authorizationNumber: 'PA0012345678', … }
 */
export function summarizeDecision(cr: PasClaimResponse): DecisionSummary {
  const items = cr.item.map((item) => {
    const action = readReviewAction(item);
    const code = ReviewActionCodeSchema.safeParse(action.code);
    if (!code.success) {
      throw new TransientError(`ClaimResponse/${cr.id} item ${item.itemSequence}: unreadable review action code "${action.code ?? '(none)'}"`, { operation: 'read ClaimResponse' });
    }
    return { sequence: item.itemSequence, code: code.data, ...(action.reason ? { reason: action.reason } : {}) };
  });
  const has = (c: ReviewActionCode) => items.find((i) => i.code === c);
  const denied = items.filter((i) => i.code === 'A3');
  const deciding =
    has('A4') ?? has('CT') ??
    (denied.length === items.length ? denied[0] : undefined) ??
    (denied.length > 0 ? { ...has('A2') ?? denied[0]!, code: 'A2' as const } : undefined) ??
    has('A2') ?? has('A6') ?? items[0]!;
  const request = cr.request as { identifier?: Identifier };
  return {
    outcome: OUTCOME[deciding.code],
    reviewActionCode: deciding.code,
    authorizationNumber: cr.preAuthRef,
    ...(deciding.reason ? { reason: deciding.reason } : {}),
    claimResponseId: cr.id,
    ...(request.identifier ? { claimIdentifier: request.identifier } : {}),
    items,
  };
}

/** Maps the payer's final decision to the workflow's outcome vocabulary. */
import type { DecisionSummary } from './clients/decision-summary.js';
import type { PriorAuthResult } from './workflow-types.js';

export function finalResult(decision: DecisionSummary, stages: PriorAuthResult['stages']): PriorAuthResult {
  const claimIdentifier = decision.claimIdentifier?.value;
  const base = { authorizationNumber: decision.authorizationNumber, ...(claimIdentifier ? { claimIdentifier } : {}), stages };
  const reason = decision.reason?.text ?? decision.reason?.code;
  switch (decision.outcome) {
    case 'APPROVED':
    case 'PARTIALLY_APPROVED':
    case 'MODIFIED':
      return { outcome: decision.outcome, ...(reason ? { reason } : {}), ...base };
    case 'DENIED':
      return { outcome: 'DENIED', reason: reason ?? 'denied without a stated reason', ...base };
    case 'CONTACT_PAYER':
      return { outcome: 'MANUAL_REVIEW', reason: `the payer asks to be contacted${reason ? `: ${reason}` : ''}`, ...base };
    case 'PENDED':
      return { outcome: 'MANUAL_REVIEW', reason: 'the payer never reached a final decision', ...base };
  }
}

/**
 * Decides one Claim item: a configured rule for its code wins (so a scenario can force any X12
 * 306 outcome); otherwise the coverage policy is evaluated over the submitted evidence. Pure:
 * time comes in as `now`, and pend timing is returned as data for the claim store to schedule.
 */
import type { CodeRef } from '../contracts/policy.js';
import type { PayerConfig, PayerRule } from '../contracts/payer-config.js';
import type { ReviewActionCode } from '../contracts/pas.js';
import { COVERAGE_POLICIES } from './coverage-policies.js';
import { evaluatePolicy } from './criteria-evaluator.js';
import { questionnaireAnswers, withAnswers } from './dtr/questionnaire-answers.js';
import { questionnaireUrl } from '../contracts/dtr.js';
import type { Evidence } from './evidence.js';
import type { SubmittedItem } from './submission-validator.js';

type Final = Exclude<ReviewActionCode, 'A4'>;

export interface ItemDecision {
  code: ReviewActionCode;
  /** Specific reason (criterion id + text) for A3, A4, CT and A2. */
  reason?: { code: string; text: string };
  authorizedQuantity?: number;
  authorizedCode?: CodeRef;
  /** A4 only: when and how the pend ends. */
  pend?: { until?: number; inquiriesLeft?: number; final: Final | 'evidence' | 'missing-documentation' };
}

const reason = (code: string, text: string) => ({ code, text });

/** Apply a forced (or final) code with the rule's details. */
function forced(code: Final, item: SubmittedItem, rule: PayerRule | undefined): ItemDecision {
  const what = `${item.coding.code}`;
  switch (code) {
    case 'A1':
      return { code };
    case 'A2': {
      const qty = rule?.authorizedQuantity ?? Math.max(1, Math.floor(item.quantity / 2));
      return { code, authorizedQuantity: qty, reason: reason('payer-rule', rule?.reason ?? `${qty} of ${item.quantity} requested units certified for ${what}`) };
    }
    case 'A3':
      return { code, reason: reason('payer-rule', rule?.reason ?? `${what} is not certified under this payer's utilization-management rules`) };
    case 'A6':
      return { code, authorizedQuantity: rule?.authorizedQuantity ?? item.quantity, authorizedCode: rule?.authorizedCode, reason: reason('payer-rule', rule?.reason ?? `${what} certified with modifications`) };
    case 'CT':
      return { code, reason: reason('contact-payer', rule?.reason ?? `contact the payer's utilization-management line about ${what}`) };
  }
}

/** Evaluate the coverage policy; `final` means no further pend is possible (documents never came). */
function byEvidence(item: SubmittedItem, ev: Evidence, config: PayerConfig, final: boolean): ItemDecision {
  const policy = COVERAGE_POLICIES.get(item.coding.code);
  if (!policy) return { code: 'A1' };
  const answers = questionnaireAnswers(policy, ev);
  const result = withAnswers(policy, evaluatePolicy(policy, ev), answers);
  const unmet = result.criteria.filter((c) => c.status === 'unmet');
  if (unmet.length > 0) return { code: 'A3', reason: reason(unmet[0]!.id, `Not certified: ${unmet.map((c) => c.detail).join('; ')}`) };
  const missing = [...result.criteria.filter((c) => c.status === 'missing').map((c) => c.detail), ...result.missingDocuments.map((d) => d.description)];
  if (answers?.stale) missing.unshift(`the DTR QuestionnaireResponse answers ${questionnaireUrl(policy.code)} version ${answers.stale.answered}, but version ${answers.stale.current} is current: complete the current version`);
  if (missing.length > 0) {
    const md = config.missingDocumentation;
    if (final) {
      const days = Math.round(md.pendSeconds / 86_400);
      return { code: md.finalDecision, reason: reason('documentation-missing', `Required documentation not received within ${days} days: ${missing.join('; ')}`) };
    }
    const text = `Additional documentation required: ${missing.join('; ')}`;
    if (md.decision === 'CT') return { code: 'CT', reason: reason('documentation-missing', text) };
    return { code: 'A4', reason: reason('documentation-missing', text), pend: { until: ev.now + md.pendSeconds * 1000, final: 'missing-documentation' } };
  }
  if (policy.maxUnits && item.quantity > policy.maxUnits) {
    return { code: 'A2', authorizedQuantity: policy.maxUnits, reason: reason('units-exceed-policy', `${policy.maxUnits} of ${item.quantity} requested units certified: the policy allows at most ${policy.maxUnits} per request`) };
  }
  return { code: 'A1' };
}

/** The first decision on an item at submission time `ev.now`. */
export function adjudicateItem(item: SubmittedItem, ev: Evidence, config: PayerConfig): ItemDecision {
  const rule = config.rules[item.coding.code];
  if (!rule || rule.decision === 'evidence') return byEvidence(item, ev, config, false);
  if (rule.decision !== 'A4') return forced(rule.decision, item, rule);
  const seconds = rule.pendSeconds ?? (rule.pendInquiries ? undefined : config.defaultPendSeconds);
  return {
    code: 'A4',
    reason: reason('pended-for-review', rule.reason ?? 'Pended for clinical review'),
    pend: { until: seconds === undefined ? undefined : ev.now + seconds * 1000, inquiriesLeft: rule.pendInquiries, final: rule.finalDecision },
  };
}

/** The final decision of a pended item, taken at `ev.now`. */
export function resolvePendedItem(item: SubmittedItem, decision: ItemDecision, ev: Evidence, config: PayerConfig): ItemDecision {
  const final = decision.pend?.final ?? 'evidence';
  if (final === 'missing-documentation') return byEvidence(item, ev, config, true);
  if (final === 'evidence') return byEvidence(item, ev, config, true);
  return forced(final, item, config.rules[item.coding.code]);
}

/** Whether this payer can adjudicate a code at all (a policy or a rule exists). */
export const isSupportedCode = (code: string, config: PayerConfig) => COVERAGE_POLICIES.has(code) || !!config.rules[code];

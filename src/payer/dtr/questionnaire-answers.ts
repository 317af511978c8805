/**
 * What a PAS request's DTR QuestionnaireResponse tells adjudication. The response for a policy
 * is found among the attached resources by its `questionnaire` canonical; if it answers an older
 * version than the payer publishes now, it is stale (the provider must complete the current
 * one). An adaptive response (`questionnaire: #id`, SDC $next-question) answers what its contained
 * Questionnaire adapts. Otherwise its answers settle criteria the attached resources leave `missing`: an
 * attested value is compared with the policy's threshold, an attested document counts as on
 * file. Answers never override what attached evidence proves or contradicts.
 */
import { QuestionnaireResponseSchema, questionnaireUrl, splitCanonical, type QrItem, type QuestionnaireResponse } from '../../contracts/dtr.js';
import type { CoveragePolicy, Criterion } from '../../contracts/policy.js';
import type { CriterionResult, PolicyEvaluation } from '../criteria-evaluator.js';
import type { Evidence } from '../evidence.js';

export interface QuestionnaireAnswers {
  /** The version the response answers, when it is not the one published now. */
  readonly stale?: { answered: string; current: string };
  /** Answers by linkId (nested groups flattened). */
  readonly byLinkId: ReadonlyMap<string, QrItem['answer']>;
}

/** Answers by linkId, nested groups flattened. */
export function answersByLinkId(items: readonly QrItem[] | undefined, into = new Map<string, QrItem['answer']>()): Map<string, QrItem['answer']> {
  for (const item of items ?? []) {
    if (item.answer?.length) into.set(item.linkId, item.answer);
    answersByLinkId(item.item, into);
  }
  return into;
}

/** `url|version` of the policy questionnaire an adaptive (contained) Questionnaire adapts: its `url`, else `derivedFrom`. */
export function adaptedCanonical(questionnaire: Record<string, unknown>): string | undefined {
  const derived = Array.isArray(questionnaire.derivedFrom) ? questionnaire.derivedFrom[0] : undefined;
  const canonical = typeof questionnaire.url === 'string' ? questionnaire.url : typeof derived === 'string' ? derived : undefined;
  if (canonical === undefined) return undefined;
  const version = typeof questionnaire.version === 'string' ? questionnaire.version : splitCanonical(canonical).version;
  return version === undefined ? splitCanonical(canonical).url : `${splitCanonical(canonical).url}|${version}`;
}

/** The canonical a response answers: its `questionnaire`, or for an adaptive one (`#id`) what the contained Questionnaire adapts. */
function answeredCanonical(qr: QuestionnaireResponse): string {
  if (!qr.questionnaire.startsWith('#')) return qr.questionnaire;
  const contained = Array.isArray(qr.contained) ? (qr.contained as Record<string, unknown>[]) : [];
  const q = contained.find((r) => r?.resourceType === 'Questionnaire' && `#${String(r.id)}` === qr.questionnaire);
  return (q && adaptedCanonical(q)) ?? qr.questionnaire;
}

/** The DTR answers for `policy` in the evidence, or undefined when the request carries none. */
export function questionnaireAnswers(policy: CoveragePolicy, ev: Evidence): QuestionnaireAnswers | undefined {
  const url = questionnaireUrl(policy.code);
  for (const r of ev.resources) {
    if (r.resourceType !== 'QuestionnaireResponse') continue;
    const parsed = QuestionnaireResponseSchema.safeParse(r);
    if (!parsed.success) continue;
    const canonical = answeredCanonical(parsed.data);
    if (splitCanonical(canonical).url !== url) continue;
    const answered = splitCanonical(canonical).version;
    const current = ev.questionnaireVersion;
    const stale = current !== undefined && answered !== current ? { answered: answered ?? '(none)', current } : undefined;
    return { ...(stale ? { stale } : {}), byLinkId: answersByLinkId(parsed.data.item) };
  }
  return undefined;
}

const COMPARE = { '>=': (a: number, b: number) => a >= b, '>': (a: number, b: number) => a > b, '<=': (a: number, b: number) => a <= b, '<': (a: number, b: number) => a < b };

/** The attested status of one criterion, or undefined when the response does not answer it. */
export function attested(c: Criterion, answers: Pick<QuestionnaireAnswers, 'byLinkId'>): CriterionResult | undefined {
  const a = answers.byLinkId.get(c.id)?.[0];
  if (!a) return undefined;
  const r = (met: boolean, detail: string): CriterionResult => ({ id: c.id, status: met ? 'met' : 'unmet', detail: `${c.description}: ${detail} (attested in the DTR questionnaire)` });
  switch (c.kind) {
    case 'observation-threshold':
      return a.valueDecimal === undefined ? undefined : r(COMPARE[c.comparator](a.valueDecimal, c.value), `${a.valueDecimal} ${c.unit}, policy requires ${c.comparator} ${c.value} ${c.unit}`);
    case 'therapy-duration':
      return a.valueInteger === undefined ? undefined : r(a.valueInteger >= c.minDays, `${a.valueInteger} days, policy requires at least ${c.minDays}`);
    case 'document':
      return a.valueBoolean === true ? r(true, 'on file') : undefined;
    default:
      return undefined;
  }
}

/** `evaluation` with `missing` criteria and documents settled by the answers where they can be. */
export function withAnswers(policy: CoveragePolicy, evaluation: PolicyEvaluation, answers: QuestionnaireAnswers | undefined): PolicyEvaluation {
  if (!answers || answers.stale) return evaluation;
  const criteria = evaluation.criteria.map((result) => {
    if (result.status !== 'missing') return result;
    const c = policy.criteria.find((x) => x.id === result.id);
    return (c && attested(c, answers)) ?? result;
  });
  const missingDocuments = evaluation.missingDocuments.filter((d) => answers.byLinkId.get(`document-${d.code}`)?.[0]?.valueBoolean !== true);
  return { criteria, missingDocuments };
}

/**
 * Fills the payer's DTR Questionnaire from the extracted facts, the way a DTR client
 * prepopulates it from the chart: each item names its policy criterion (criteria as data), and
 * is answered from that criterion's check — the qualifying diagnosis, the latest value, the days
 * of therapy, a document on file. What the chart does not show is left unanswered (never
 * answered "no"), so the payer sees missing documentation rather than a false attestation.
 */
import { CRITERION_EXTENSION, REQUIRED_DOCUMENT_EXTENSION, type Questionnaire, type QuestionnaireItem, type QuestionnaireResponse, type QrItem } from '../../src/contracts/dtr.js';
import type { ClinicalFacts } from './clinical-facts.js';
import type { CriterionCheck } from './criteria-check.js';

type Answer = NonNullable<QrItem['answer']>[number];

function answerOf(item: QuestionnaireItem, checks: ReadonlyMap<string, CriterionCheck>, facts: ClinicalFacts): Answer | undefined {
  const ext = (url: string) => (item.extension ?? []).find((e) => e.url === url)?.valueString as string | undefined;
  const document = ext(REQUIRED_DOCUMENT_EXTENSION);
  if (document) {
    const { system, code } = JSON.parse(document) as { system: string; code: string };
    return facts.documents.some((d) => d.system === system && d.code === code) ? { valueBoolean: true } : undefined;
  }
  if (!ext(CRITERION_EXTENSION)) return undefined;
  const check = checks.get(item.linkId);
  if (!check || check.met === 'unknown') return undefined;
  switch (item.type) {
    case 'decimal': return check.value === undefined ? undefined : { valueDecimal: check.value };
    case 'integer': return check.value === undefined ? undefined : { valueInteger: check.value };
    case 'boolean': return check.met === true ? { valueBoolean: true } : undefined;
    case 'choice': {
      const ref = check.evidence[0];
      const found = ref ? facts.diagnoses.find((d) => `${d.resourceType}/${d.id}` === ref) : undefined;
      return found ? { valueCoding: { system: found.system, code: found.code } } : undefined;
    }
    default: return undefined;
  }
}

function fill(items: readonly QuestionnaireItem[] | undefined, checks: ReadonlyMap<string, CriterionCheck>, facts: ClinicalFacts): QrItem[] {
  return (items ?? []).flatMap((item): QrItem[] => {
    if (item.type === 'group') {
      const nested = fill(item.item, checks, facts);
      return nested.length ? [{ linkId: item.linkId, text: item.text, item: nested }] : [];
    }
    const answer = answerOf(item, checks, facts);
    return answer ? [{ linkId: item.linkId, text: item.text, answer: [answer] }] : [];
  });
}

/** Every check by criterion id, nested any-of alternatives included (checked on their own). */
function byId(checks: readonly CriterionCheck[]): Map<string, CriterionCheck> {
  return new Map(checks.map((c) => [c.id, c]));
}

/** @example fillQuestionnaire(questionnaire, facts, checkCriteria(policy.criteria, facts)) */
export function fillQuestionnaire(questionnaire: Questionnaire, facts: ClinicalFacts, checks: readonly CriterionCheck[], nestedChecks: readonly CriterionCheck[] = []): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${questionnaire.url}|${questionnaire.version}`,
    status: 'completed',
    subject: { reference: `Patient/${facts.patientId}` },
    authored: facts.asOf,
    item: fill(questionnaire.item, byId([...checks, ...nestedChecks]), facts),
  };
}

/**
 * Payer criteria: reads the payer's requirements (CRD + DTR, fetched by the workflow from the
 * payer and passed in; or a coverage policy's criteria) against the facts before anything is submitted — each criterion met, unmet or unknown with
 * its evidence, what documentation the payer will miss, the likely decision, and the DTR
 * questionnaire filled from the facts. Reads nothing itself, so it is deterministic.
 */
import type { Criterion } from '../../src/contracts/policy.js';
import type { QuestionnaireResponse } from '../../src/contracts/dtr.js';
import type { CoverageRequirements, PolicyCriteria } from '../clients/coverage-requirements.js';
import { fillQuestionnaire } from './questionnaire-fill.js';
import { mentionedNotOnFile, type CodeRef } from './chart-mentions.js';
import type { ClinicalFacts } from './clinical-facts.js';
import { activeRedFlags, checkCriteria, type CriterionCheck } from './criteria-check.js';

export type LikelyOutcome = 'meets' | 'fails' | 'missing-documentation';

export interface PayerCriteriaResult {
  readonly policyCode: string;
  readonly requiresPriorAuth: boolean;
  readonly criteria: CriterionCheck[];
  /** What to obtain before (or send after) submitting: unproven criteria, required documents, records only mentioned in notes. */
  readonly missingDocumentation: string[];
  /** `fails` → expect A3; `missing-documentation` → expect a pend (A4) or CT; `meets` → expect A1. */
  readonly likelyOutcome: LikelyOutcome;
  /** The payer's DTR questionnaire filled from the facts, for the PAS Bundle. */
  readonly questionnaireResponse?: QuestionnaireResponse;
  /** What the payer's CRD/DTR services could not answer (the request went without them). */
  readonly notes?: string[];
}

export interface PayerCriteriaAgent {
  /** `source`: CRD + DTR's answer (the pipeline), or a policy's criteria as data. */
  run(facts: ClinicalFacts, source: CoverageRequirements | PolicyCriteria): Promise<PayerCriteriaResult>;
}

/** Every code a criterion looks for (nested any-of included). */
function codesOf(c: Criterion): CodeRef[] {
  switch (c.kind) {
    case 'observation-threshold':
    case 'document':
      return [{ system: c.system, code: c.code, display: c.description }];
    case 'therapy-duration':
      return c.codes;
    case 'any-of':
      return c.criteria.flatMap(codesOf);
    default:
      return [];
  }
}

/** @example const { likelyOutcome, missingDocumentation } = await createPayerCriteriaAgent().run(facts, policy) */
export function createPayerCriteriaAgent(): PayerCriteriaAgent {
  return {
    async run(facts, source) {
      const requirements = 'policy' in source ? source : undefined;
      const policy = requirements?.policy ?? (source as PolicyCriteria);
      const criteria = checkCriteria(policy.criteria, facts);
      const flags = activeRedFlags(criteria);
      const docs = policy.requiredDocuments
        .filter((d) => !d.waivedBy?.some((id) => flags.has(id)))
        .filter((d) => !facts.documents.some((f) => f.system === d.system && f.code === d.code))
        .map((d) => `${d.description} (DocumentReference.type ${d.code}) is not on file`);
      const unknown = criteria.filter((c) => c.met === 'unknown').map((c) => `${c.description}: ${c.note}`);
      const wanted = [...policy.criteria.flatMap(codesOf), ...policy.requiredDocuments.filter((d) => !d.waivedBy?.some((id) => flags.has(id)))];
      const missingDocumentation = [...unknown, ...docs, ...mentionedNotOnFile(facts, wanted)];
      const likelyOutcome: LikelyOutcome = criteria.some((c) => c.met === false)
        ? 'fails'
        : missingDocumentation.length ? 'missing-documentation' : 'meets';
      const nested = policy.criteria.flatMap((c) => (c.kind === 'any-of' ? checkCriteria(c.criteria, facts) : []));
      const questionnaireResponse = requirements?.questionnaire ? fillQuestionnaire(requirements.questionnaire, facts, criteria, nested) : undefined;
      return {
        policyCode: policy.code, requiresPriorAuth: policy.requiresPriorAuth, criteria, missingDocumentation, likelyOutcome,
        ...(questionnaireResponse ? { questionnaireResponse } : {}),
        ...(requirements?.notes.length ? { notes: requirements.notes } : {}),
      };
    },
  };
}

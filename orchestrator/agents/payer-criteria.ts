/**
 * Payer criteria: reads a coverage policy (fetched by the workflow from the payer, passed in)
 * against the facts before anything is submitted — each criterion met, unmet or unknown with
 * its evidence, what documentation the payer will miss, and the likely decision. Reads nothing
 * itself, so it is deterministic.
 */
import type { CoveragePolicy, Criterion } from '../../src/contracts/policy.js';
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
}

export interface PayerCriteriaAgent {
  run(facts: ClinicalFacts, policy: CoveragePolicy): Promise<PayerCriteriaResult>;
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
    async run(facts, policy) {
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
      return { policyCode: policy.code, requiresPriorAuth: policy.requiresPriorAuth, criteria, missingDocumentation, likelyOutcome };
    },
  };
}

/**
 * Medical necessity: does the chart support the procedure by clinical guidelines
 * (clinical-guidelines.ts)? Necessary only when every guideline criterion is met on file;
 * a red flag waives what the guideline says it waives. Deterministic; an LLM-backed agent
 * can implement the same interface.
 */
import type { ClinicalFacts } from './clinical-facts.js';
import { CLINICAL_GUIDELINES } from './clinical-guidelines.js';
import { checkCriteria } from './criteria-check.js';

export interface NecessityAssessment {
  readonly necessary: boolean;
  /** One line per guideline criterion: `✓ description: what the chart shows`. */
  readonly rationale: string[];
  readonly guideline: string;
}

export interface MedicalNecessityAgent {
  run(facts: ClinicalFacts, procedureCode: string): Promise<NecessityAssessment>;
}

const MARK = { true: '✓', false: '✗', unknown: '?' } as const;

/** @example const { necessary, rationale } = await createMedicalNecessityAgent().run(facts, '72148') */
export function createMedicalNecessityAgent(): MedicalNecessityAgent {
  return {
    async run(facts, procedureCode) {
      const guideline = CLINICAL_GUIDELINES[procedureCode];
      if (!guideline) {
        return { necessary: false, guideline: 'none', rationale: [`no clinical guideline for code ${procedureCode}: a physician must judge necessity`] };
      }
      const checks = checkCriteria(guideline.criteria, facts);
      const counted = checks.filter((c) => !c.redFlag);
      return {
        necessary: counted.every((c) => c.met === true),
        guideline: guideline.name,
        rationale: checks
          .filter((c) => !c.redFlag || c.evidence.length > 0)
          .map((c) => `${MARK[String(c.met) as keyof typeof MARK]} ${c.description}: ${c.note}`),
      };
    },
  };
}

/**
 * Justification letter: the letter of medical necessity the ordering physician reviews (and
 * approves or rejects) before anything is submitted; it then travels with the claim. Plain
 * text, built only from the facts and the two assessments. Callers log its subject, never its
 * body: it carries clinical details.
 */
import { ProcedureCodes } from '../../src/contracts/clinical-codes.js';
import type { ReviewLetter } from '../../src/contracts/review.js';
import type { ClinicalFacts } from './clinical-facts.js';
import type { NecessityAssessment } from './medical-necessity.js';
import type { PayerCriteriaResult } from './payer-criteria.js';

export interface JustificationLetterAgent {
  run(facts: ClinicalFacts, necessity: NecessityAssessment, criteria: PayerCriteriaResult): Promise<ReviewLetter>;
}

const VERDICT = { true: 'met', false: 'NOT met', unknown: 'not documented' } as const;

/** `MRI lumbar spine without contrast (CPT 72148)`. */
export function describeProcedure(code: string): string {
  const known = Object.values(ProcedureCodes).find((p) => p.code === code);
  if (!known) return `procedure ${code}`;
  return `${known.display} (${known.system.includes('rxnorm') ? 'RxNorm' : 'CPT'} ${code})`;
}

function assessment(necessity: NecessityAssessment, criteria: PayerCriteriaResult): string {
  if (!necessity.necessary) return 'Assessment: the chart does not currently establish medical necessity under the guideline above; please review before submitting.';
  if (criteria.likelyOutcome === 'fails') return "Assessment: medically necessary by the guideline, although the payer's policy criteria marked NOT met above are not satisfied.";
  if (criteria.likelyOutcome === 'missing-documentation') return 'Assessment: medically necessary; the documentation listed above is being obtained and will be forwarded on request.';
  return "Assessment: medically necessary, and every criterion of the payer's policy is documented in the attached records.";
}

/** @example const letter = await createJustificationLetterAgent().run(facts, necessity, criteria) */
export function createJustificationLetterAgent(): JustificationLetterAgent {
  return {
    async run(facts, necessity, criteria) {
      const what = describeProcedure(facts.procedureCode);
      const lines = [
        `To: ${facts.coverage?.payerName ?? 'Health plan'} Utilization Management`,
        `Re: Prior authorization request for ${what}`,
        `Patient: ${facts.patientId} (${facts.patient.gender}, born ${facts.patient.birthDate})${facts.coverage ? `, member ID ${facts.coverage.subscriberId}` : ''}`,
        '',
        `I am requesting prior authorization for ${what}.`,
        '',
        'Diagnoses on file:',
        ...facts.diagnoses.map((d) => `- ${d.code} ${d.display ?? ''}${d.onset ? ` (since ${d.onset.slice(0, 10)})` : ''}`.trimEnd()),
        '',
        `Clinical rationale (${necessity.guideline}):`,
        ...necessity.rationale.map((r) => `- ${r}`),
        '',
        `Payer policy criteria (${criteria.policyCode}):`,
        ...criteria.criteria.filter((c) => !c.redFlag || c.evidence.length > 0).map((c) =>
          `- ${c.description}: ${VERDICT[String(c.met) as keyof typeof VERDICT]}. ${c.note}${c.evidence.length ? ` [${c.evidence.join(', ')}]` : ''}`),
        ...(criteria.missingDocumentation.length ? ['', 'Documentation still to be obtained:', ...criteria.missingDocumentation.map((m) => `- ${m}`)] : []),
        '',
        assessment(necessity, criteria),
        '',
        'Sincerely,',
        facts.practitioner ? `${facts.practitioner.name}${facts.practitioner.npi ? `, NPI ${facts.practitioner.npi}` : ''}` : 'The ordering provider',
      ];
      return {
        subject: `Prior authorization: ${what} for patient ${facts.patientId}`.slice(0, 500),
        body: lines.join('\n'),
        procedureCode: facts.procedureCode,
        patientId: facts.patientId,
      };
    },
  };
}

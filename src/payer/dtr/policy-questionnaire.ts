/**
 * A coverage policy rendered as its DTR Questionnaire: one item per criterion and per required
 * document, in the policy's order, with the codes the item is about, FHIRPath
 * `initialExpression`s for prepopulation from the chart (DTR uses CQL; FHIRPath is our stated
 * simplification) and the criterion itself as data on the item, so a client evaluates exactly
 * what the payer will. Diagnosis items answer from ValueSets built here too.
 */

import type { CoveragePolicy, Criterion } from '../../contracts/policy.js';
import {
  CRITERION_EXTENSION, INITIAL_EXPRESSION, questionnaireId, questionnaireUrl, REQUIRED_DOCUMENT_EXTENSION, VALUESET_BASE,
  type Questionnaire, type QuestionnaireItem,
} from '../../contracts/dtr.js';

const fhirpath = (expression: string) => ({ url: INITIAL_EXPRESSION, valueExpression: { language: 'text/fhirpath', expression } });
const quote = (s: string) => `'${s.replace(/'/g, "\\'")}'`;
const codingIs = (system: string, code: string) => `coding.where(system = ${quote(system)} and code = ${quote(code)}).exists()`;

export const valueSetUrl = (policyCode: string, criterionId: string) => `${VALUESET_BASE}/policy-${policyCode}-${criterionId}`;

/** The ICD-10-CM ValueSet a diagnosis criterion accepts (descendants of each prefix). */
export function diagnosisValueSet(policy: CoveragePolicy, c: Extract<Criterion, { kind: 'diagnosis' | 'red-flag-bypass' }>, version: string) {
  return {
    resourceType: 'ValueSet',
    id: `policy-${policy.code}-${c.id}`,
    url: valueSetUrl(policy.code, c.id),
    version,
    name: `Policy${policy.code}${c.id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`,
    status: 'active',
    description: c.description,
    compose: { include: [{ system: c.system, filter: c.prefixes.map((p) => ({ property: 'concept', op: 'is-a', value: p })) }] },
  };
}

function criterionItem(policy: CoveragePolicy, c: Criterion, version: string): QuestionnaireItem {
  const data = { url: CRITERION_EXTENSION, valueString: JSON.stringify(c) };
  switch (c.kind) {
    case 'diagnosis':
    case 'red-flag-bypass': {
      const starts = c.prefixes.map((p) => `code.startsWith(${quote(p)})`).join(' or ');
      return {
        linkId: c.id, text: c.description, type: 'choice', required: c.kind === 'diagnosis', answerValueSet: `${valueSetUrl(policy.code, c.id)}|${version}`,
        extension: [data, fhirpath(`Condition.code.coding.where(system = ${quote(c.system)} and (${starts}))`)],
      };
    }
    case 'observation-threshold':
      return {
        linkId: c.id, text: `${c.description} (latest value, ${c.unit})`, type: 'decimal', required: true, code: [{ system: c.system, code: c.code }],
        extension: [data, fhirpath(`Observation.where(code.${codingIs(c.system, c.code)}).last().value.value`)],
      };
    case 'therapy-duration':
      return {
        linkId: c.id, text: `${c.description} (days documented)`, type: 'integer', required: true, code: c.codes.map(({ system, code, display }) => ({ system, code, ...(display ? { display } : {}) })),
        extension: [data, fhirpath(`(Procedure | MedicationRequest).where(${c.codes.map((k) => `(code | medication).${codingIs(k.system, k.code)}`).join(' or ')})`)],
      };
    case 'document':
      return {
        linkId: c.id, text: c.description, type: 'boolean', required: true, code: [{ system: c.system, code: c.code }],
        extension: [data, fhirpath(`DocumentReference.where(type.${codingIs(c.system, c.code)}).exists()`)],
      };
    case 'any-of':
      return { linkId: c.id, text: c.description, type: 'group', extension: [data], item: c.criteria.map((n) => criterionItem(policy, n, version)) };
  }
}

/**
 * The Questionnaire for `policy` at `version`.
 * @example buildQuestionnaire(COVERAGE_POLICIES.get('72148')!, '1').url // http://prior-auth-sim.dev/fhir/Questionnaire/policy-72148
 */
export function buildQuestionnaire(policy: CoveragePolicy, version: string, date: string): Questionnaire {
  const documents: QuestionnaireItem[] = policy.requiredDocuments.map((d) => ({
    linkId: `document-${d.code}`, text: `${d.description} (attach it to the request)`, type: 'boolean', required: true,
    code: [{ system: d.system, code: d.code, ...(d.display ? { display: d.display } : {}) }],
    extension: [{ url: REQUIRED_DOCUMENT_EXTENSION, valueString: JSON.stringify(d) }, fhirpath(`DocumentReference.where(type.${codingIs(d.system, d.code)}).exists()`)],
  }));
  return {
    resourceType: 'Questionnaire',
    id: questionnaireId(policy.code),
    url: questionnaireUrl(policy.code),
    version,
    name: `PriorAuthPolicy${policy.code}`,
    title: `Prior authorization documentation: ${policy.display}`,
    status: 'active',
    subjectType: ['Patient'],
    date,
    publisher: 'prior-auth-sim payer',
    description: `${policy.summary} Prepopulation: FHIRPath initialExpression (not CQL) over the patient's chart; each item carries its policy criterion as data (${CRITERION_EXTENSION}).`,
    code: [{ system: policy.system, code: policy.code, display: policy.display }],
    item: [...policy.criteria.map((c) => criterionItem(policy, c, version)), ...documents],
  };
}

/** The ValueSets `buildQuestionnaire(policy)` refers to. */
export function questionnaireValueSets(policy: CoveragePolicy, version: string) {
  const out: ReturnType<typeof diagnosisValueSet>[] = [];
  const visit = (c: Criterion) => {
    if (c.kind === 'diagnosis' || c.kind === 'red-flag-bypass') out.push(diagnosisValueSet(policy, c, version));
    if (c.kind === 'any-of') c.criteria.forEach(visit);
  };
  policy.criteria.forEach(visit);
  return out;
}


/**
 * The model in each agent's loop: inside the agent's durable step, the agent sends its case to
 * the model (Bedrock Converse through `ModelClient`, one tool whose input is the structured
 * answer) and checks the answer against the chart and the contracts before it accepts it —
 * every cited code must be on the chart, every criterion assessed, the verdict the chart
 * supports. An answer cut at `maxTokens` is asked again with twice the budget; a refusal,
 * malformed or wrong answer is asked again; after `MAX_MODEL_ATTEMPTS` the agent gives up with
 * a permanent error, and the workflow hands the case to a person (MANUAL_REVIEW) with the reason.
 * Transport failures (throttling, timeouts) are thrown as they are: the step's retry owns them.
 */
import { z } from 'zod';
import { AGENT_TOOLS, CASE_CLOSE, CASE_OPEN, type AgentAnswer, type ChartEntry, type ModelCaseInput } from '../../src/contracts/model-agents.js';
import type { ModelAgent } from '../../src/contracts/model-config.js';
import { PermanentError, TransientError } from '../clients/client-errors.js';
import type { ModelClient } from '../clients/model-client.js';
import type { Agents } from './agents.js';
import type { ClinicalFacts } from './clinical-facts.js';
import { CLINICAL_GUIDELINES } from './clinical-guidelines.js';
import { checkCriteria, type CriterionCheck } from './criteria-check.js';

export const MAX_MODEL_ATTEMPTS = 3;
export const BASE_MAX_TOKENS = 1024;

const SYSTEM: Record<ModelAgent, string> = {
  'clinical-extraction': 'You are a clinical documentation specialist. Extract the diagnoses the chart documents. Cite only codes present in the chart.',
  'medical-necessity': 'You are a utilization-review physician. Judge each guideline criterion against the chart and decide whether the procedure is medically necessary.',
  'payer-criteria': "You are a prior-authorization specialist. Judge each of the payer's policy criteria against the chart and predict the payer's decision.",
  'justification-letter': 'You are the ordering physician. Draft a letter of medical necessity from the chart and the assessments.',
};

const jsonSchemas = new Map<ModelAgent, unknown>();
const toolSpec = (agent: ModelAgent) => {
  const tool = AGENT_TOOLS[agent];
  if (!jsonSchemas.has(agent)) jsonSchemas.set(agent, z.toJSONSchema(tool.schema));
  return { toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: jsonSchemas.get(agent) as never } } };
};

/**
 * Ask the model for `agent`'s answer to `theCase` and return it once `problemsOf` finds nothing
 * wrong with it (it lists what is wrong, in words that end up in the MANUAL_REVIEW reason).
 */
export async function askModel<A extends ModelAgent>(model: ModelClient, agent: A, theCase: ModelCaseInput, problemsOf: (answer: AgentAnswer<A>) => string[]): Promise<AgentAnswer<A>> {
  const tool = AGENT_TOOLS[agent];
  const operation = `model ${agent}`;
  const problems: string[] = [];
  let maxTokens = BASE_MAX_TOKENS;
  for (let attempt = 1; attempt <= MAX_MODEL_ATTEMPTS; attempt++) {
    const out = await model.converse({
      system: [{ text: SYSTEM[agent] }],
      messages: [{ role: 'user', content: [{ text: `Answer with the ${tool.name} tool.\n${CASE_OPEN}${JSON.stringify(theCase)}${CASE_CLOSE}` }] }],
      toolConfig: { tools: [toolSpec(agent)], toolChoice: { tool: { name: tool.name } } },
      inferenceConfig: { maxTokens, temperature: 0 },
      requestMetadata: { agent, attempt: String(attempt) },
    });
    const content = out.output?.message?.content;
    // a response without a message was lost or mangled on the way: the same call may succeed
    if (!content) throw new TransientError('the model response held no message', { operation });
    if (out.stopReason === 'max_tokens') {
      problems.push(`output cut at ${maxTokens} tokens`);
      maxTokens *= 2;
      continue;
    }
    const use = content.find((b) => b.toolUse?.name === tool.name)?.toolUse;
    if (!use) {
      const text = content.map((b) => b.text ?? '').join(' ').split(/\s+/).join(' ').trim();
      const what = text.includes('{') ? 'malformed JSON' : 'text';
      problems.push(`answered ${what} instead of using ${tool.name} ("${text.slice(0, 60)}${text.length > 60 ? '…' : ''}")`);
      continue;
    }
    const parsed = tool.schema.safeParse(use.input);
    if (!parsed.success) {
      problems.push(`${tool.name} input does not match its schema (${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
      continue;
    }
    const wrong = problemsOf(parsed.data as AgentAnswer<A>);
    if (wrong.length === 0) return parsed.data as AgentAnswer<A>;
    problems.push(wrong.join(', '));
  }
  throw new PermanentError(`model output rejected after ${MAX_MODEL_ATTEMPTS} attempts: ${problems.map((p, i) => `${i + 1}) ${p}`).join('; ')}`, { operation });
}

function chartOf(facts: ClinicalFacts): ChartEntry[] {
  return [...facts.diagnoses, ...facts.observations, ...facts.therapies, ...facts.documents]
    .map((f) => ({ ref: `${f.resourceType}/${f.id}`, system: f.system, code: f.code, ...(f.display ? { display: f.display } : {}) }));
}

function caseOf(agent: ModelAgent, facts: ClinicalFacts, checks: readonly CriterionCheck[] = []): ModelCaseInput {
  return {
    agent, patientId: facts.patientId, procedureCode: facts.procedureCode, chart: chartOf(facts),
    checklist: checks.map((c) => ({ id: c.id, description: c.description, finding: c.met === true ? 'met' : c.met === false ? 'unmet' : 'unknown', evidence: c.evidence })),
    notes: agent === 'clinical-extraction' ? facts.documents.flatMap((d) => (d.text ? [d.text] : [])) : [],
  };
}

const diagnosisSet = (facts: ClinicalFacts) => new Set(facts.diagnoses.map((d) => d.code));

/** Codes cited that the chart does not hold, and chart diagnoses left out. */
function codeProblems(facts: ClinicalFacts, cited: readonly string[], mustList?: ReadonlySet<string>): string[] {
  const onChart = new Set(chartOf(facts).map((e) => e.code));
  const out = [...new Set(cited)].filter((c) => !onChart.has(c)).map((c) => `cited code ${c}, which is not in the chart`);
  if (mustList) out.push(...[...mustList].filter((c) => !cited.includes(c)).map((c) => `left out diagnosis ${c} from the chart`));
  return out;
}

function criteriaProblems(facts: ClinicalFacts, checks: readonly CriterionCheck[], assessed: readonly { id: string; evidence: string[] }[]): string[] {
  const ids = new Set(assessed.map((a) => a.id));
  return [
    ...checks.filter((c) => !ids.has(c.id)).map((c) => `did not assess criterion ${c.id}`),
    ...codeProblems(facts, assessed.flatMap((a) => a.evidence)),
  ];
}

/**
 * The agents with the model in their loop (each still returns its own, chart-derived result,
 * which the model's validated answer agrees with).
 */
export function withModelReview(agents: Agents, model: ModelClient): Agents {
  return {
    clinicalExtraction: {
      async run(input) {
        const facts = await agents.clinicalExtraction.run(input);
        await askModel(model, 'clinical-extraction', caseOf('clinical-extraction', facts), (a) => [
          ...(a.patientId !== facts.patientId ? [`answered about patient ${a.patientId}`] : []),
          ...codeProblems(facts, a.diagnosisCodes, diagnosisSet(facts)),
        ]);
        return facts;
      },
    },
    medicalNecessity: {
      async run(facts, procedureCode) {
        const result = await agents.medicalNecessity.run(facts, procedureCode);
        const guideline = CLINICAL_GUIDELINES[procedureCode];
        const checks = guideline ? checkCriteria(guideline.criteria, facts) : [];
        await askModel(model, 'medical-necessity', caseOf('medical-necessity', facts, checks), (a) => [
          ...(a.necessary !== result.necessary ? [`judged the procedure ${a.necessary ? '' : 'not '}necessary against the chart`] : []),
          ...criteriaProblems(facts, checks, a.criteria),
        ]);
        return result;
      },
    },
    payerCriteria: {
      async run(facts, policy) {
        const result = await agents.payerCriteria.run(facts, policy);
        await askModel(model, 'payer-criteria', caseOf('payer-criteria', facts, result.criteria), (a) => [
          ...(a.likelyOutcome !== result.likelyOutcome ? [`predicted "${a.likelyOutcome}" where the chart shows "${result.likelyOutcome}"`] : []),
          ...criteriaProblems(facts, result.criteria, a.criteria),
        ]);
        return result;
      },
    },
    justificationLetter: {
      async run(facts, necessity, criteria) {
        const letter = await agents.justificationLetter.run(facts, necessity, criteria);
        await askModel(model, 'justification-letter', caseOf('justification-letter', facts, criteria.criteria), (a) => [
          ...(a.subject.includes(facts.procedureCode) && a.subject.includes(facts.patientId) ? [] : ['the subject does not name the procedure and the patient']),
          ...codeProblems(facts, a.diagnosisCodes, diagnosisSet(facts)),
        ]);
        return letter;
      },
    },
  };
}

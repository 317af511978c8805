/**
 * What the simulated model answers to an agent's case: the clinically right structured answer
 * for the persona, or the flawed one a scenario asks for. Right means: the diagnoses the chart
 * in the prompt holds; per criterion, the finding the agent's own chart retrieval reported; and
 * overall, the persona's ground truth (src/contracts/personas.ts) when the case is about the
 * persona's procedure and carries criteria to judge — a model judges only the checklist its
 * prompt holds, so an empty one (CRD said no auth is needed) fails nothing. A pure function of
 * the case, the behaviour, the attempt and the rng.
 */
import { ProcedureCodes } from '../contracts/clinical-codes.js';
import { PERSONAS } from '../contracts/personas.js';
import { AGENT_TOOLS, type ChartEntry, type ModelCase } from '../contracts/model-agents.js';
import type { ModelBehaviour } from '../contracts/model-config.js';
import type { Rng } from '../core/rng.js';

export type ModelAnswer =
  | { kind: 'tool'; name: string; input: Record<string, unknown> }
  | { kind: 'text'; text: string };

type Flaw = Exclude<ModelBehaviour, 'correct' | 'varies-per-attempt'>;

/** Plausible ICD-10-CM codes no persona's chart holds: what a hallucinating model cites. */
const INVENTED_CODES = ['M51.16', 'G35', 'C79.51', 'M48.061', 'S83.241A', 'E10.9', 'G47.10', 'I63.9'];

const REFUSAL = "I'm not able to make determinations about an individual patient's care. Please consult a qualified clinician.";

const isDiagnosis = (e: ChartEntry) => e.ref.startsWith('Condition/');
const diagnosisCodes = (c: ModelCase) => [...new Set(c.chart.filter(isDiagnosis).map((e) => e.code))];
const met = (finding: string) => (finding === 'met' ? true : finding === 'unmet' ? false : 'unknown');

/** The persona this case is about, when it asks about the persona's own procedure. */
function personaOf(c: ModelCase) {
  const persona = PERSONAS.find((p) => p.id === c.patientId);
  return persona && ProcedureCodes[persona.procedure].code === c.procedureCode ? persona : undefined;
}

function assessed(c: ModelCase) {
  const codeOf = new Map(c.chart.map((e) => [e.ref, e.code]));
  return c.checklist.map((i) => ({ id: i.id, met: met(i.finding), evidence: i.evidence.map((ref) => codeOf.get(ref) ?? ref) }));
}

function rationale(c: ModelCase): string {
  const dx = c.chart.filter(isDiagnosis).map((e) => `${e.code} ${e.display ?? ''}`.trim());
  const items = c.checklist.map((i) => `${i.description}: ${i.finding}`);
  return [`Diagnoses documented: ${dx.join('; ') || 'none'}.`, ...items].join(' ');
}

function correct(c: ModelCase): Record<string, unknown> {
  const criteria = assessed(c);
  const persona = criteria.length > 0 ? personaOf(c) : undefined;
  switch (c.agent) {
    case 'clinical-extraction':
      return { patientId: c.patientId, procedureCode: c.procedureCode, diagnosisCodes: diagnosisCodes(c), rationale: rationale(c) };
    case 'medical-necessity': {
      const allMet = criteria.every((x) => x.met === true);
      const necessary = persona?.expectation === 'meets' ? true : persona?.expectation === 'fails' ? false : allMet;
      return { necessary, criteria, rationale: rationale(c) };
    }
    case 'payer-criteria': {
      const fallback = criteria.some((x) => x.met === false) ? 'fails' : criteria.some((x) => x.met === 'unknown') ? 'missing-documentation' : 'meets';
      return { likelyOutcome: persona?.expectation ?? fallback, criteria, rationale: rationale(c) };
    }
    case 'justification-letter': {
      const codes = diagnosisCodes(c);
      const body = [
        `Re: prior authorization for ${c.procedureCode}, patient ${c.patientId}.`,
        `Diagnoses on file: ${codes.join(', ') || 'none'}.`,
        ...c.checklist.map((i) => `- ${i.description}: ${i.finding}`),
      ].join('\n');
      return { subject: `Prior authorization: ${c.procedureCode} for patient ${c.patientId}`, body, diagnosisCodes: codes };
    }
  }
}

function withFlaw(c: ModelCase, answer: Record<string, unknown>, flaw: 'hallucinates-code' | 'misses-criterion', rng: Rng): Record<string, unknown> {
  const onChart = new Set(c.chart.map((e) => e.code));
  const invented = rng.pick(INVENTED_CODES.filter((x) => !onChart.has(x)));
  const criteria = answer.criteria as { id: string; evidence: string[] }[] | undefined;
  const codes = answer.diagnosisCodes as string[] | undefined;
  if (flaw === 'hallucinates-code') {
    if (codes) return { ...answer, diagnosisCodes: [...codes, invented], ...(typeof answer.body === 'string' ? { body: `${answer.body}\nAlso documented: ${invented}.` } : {}) };
    if (criteria?.length) return { ...answer, criteria: criteria.map((x, i) => (i === 0 ? { ...x, evidence: [...x.evidence, invented] } : x)) };
    return answer;
  }
  if (codes) return { ...answer, diagnosisCodes: codes.slice(0, -1) };
  if (!criteria?.length) return answer;
  // the criterion the persona is about, when it is on the checklist; else the last one
  const about = PERSONAS.find((p) => p.id === c.patientId)?.criterion;
  const drop = criteria.find((x) => about && x.id.includes(about))?.id ?? criteria.at(-1)!.id;
  return { ...answer, criteria: criteria.filter((x) => x.id !== drop) };
}

/** Verbose filler: what a model that "truncates" adds, about `tokens` tokens of it. */
function padding(c: ModelCase, tokens: number): string {
  const sentence = `Considering the documented history of patient ${c.patientId} in the context of ${c.procedureCode}, and restating the evidence for completeness. `;
  return sentence.repeat(Math.ceil((tokens * 4) / sentence.length));
}

/** Tokens of extra reasoning a "truncates" model writes: past 1,024, within 2,048. */
export const VERBOSE_TOKENS = 1400;

/**
 * `rng` is the stream of this request (attempt included); `order` the stream of the case alone,
 * which orders the flaws of a model that varies per attempt, so attempts 1 and 2 always differ.
 */
export function answerCase(c: ModelCase, behaviour: ModelBehaviour, attempt: number, rng: Rng, order: Rng): ModelAnswer {
  let flaw: Flaw | undefined = behaviour === 'correct' || behaviour === 'varies-per-attempt' ? undefined : behaviour;
  if (behaviour === 'varies-per-attempt' && attempt < 3) {
    const flaws: Flaw[] = ['hallucinates-code', 'misses-criterion', 'malformed-json'];
    const first = order.pick(flaws);
    flaw = attempt === 1 ? first : order.pick(flaws.filter((f) => f !== first));
  }
  const name = AGENT_TOOLS[c.agent].name;
  const right = correct(c);
  switch (flaw) {
    case undefined:
      return { kind: 'tool', name, input: right };
    case 'refuses':
      return { kind: 'text', text: REFUSAL };
    case 'malformed-json': {
      const json = JSON.stringify(right);
      return { kind: 'text', text: `Here is the assessment:\n\`\`\`json\n${json.slice(0, Math.max(1, json.length - 9))}\n\`\`\`` };
    }
    case 'truncates':
    {
      const field = c.agent === 'justification-letter' ? 'body' : 'rationale';
      return { kind: 'tool', name, input: { ...right, [field]: `${padding(c, VERBOSE_TOKENS)}${String(right[field] ?? '')}` } };
    }
    default:
      return { kind: 'tool', name, input: withFlaw(c, right, flaw, rng) };
  }
}

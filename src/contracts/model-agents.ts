/**
 * What the orchestrator's agents ask the model and what it must answer: each agent sends its
 * case as JSON inside `<case>…</case>` in the user message, offers one tool, and expects that
 * tool's input back (structured output). The gateway answers the same contract, so both sides
 * validate with these schemas.
 */
import { z } from 'zod';
import { ModelAgentSchema, type ModelAgent } from './model-config.js';

export const CASE_OPEN = '<case>';
export const CASE_CLOSE = '</case>';

const Code = z.string().min(1).max(64);
const MetSchema = z.union([z.boolean(), z.literal('unknown')]);

/** A coded chart entry as the agent read it from the EHR: `Condition/c1`, ICD-10 M54.50. */
export const ChartEntrySchema = z.object({ ref: z.string().min(1).max(128), system: z.string().max(256), code: Code, display: z.string().max(512).optional() });
export type ChartEntry = z.infer<typeof ChartEntrySchema>;

/** One criterion with what the chart shows for it (the agent's retrieval), for the model to judge. */
export const ChecklistItemSchema = z.object({
  id: z.string().min(1).max(128),
  description: z.string().max(1000),
  finding: z.enum(['met', 'unmet', 'unknown']),
  evidence: z.array(z.string().max(128)).max(100),
});

export const ModelCaseSchema = z.object({
  agent: ModelAgentSchema,
  patientId: z.string().min(1).max(64),
  procedureCode: z.string().min(1).max(16),
  chart: z.array(ChartEntrySchema).max(5000),
  checklist: z.array(ChecklistItemSchema).max(200).default([]),
  /** Clinical note texts (what makes extraction prompts long). */
  notes: z.array(z.string().max(20_000)).max(100).default([]),
});
export type ModelCase = z.infer<typeof ModelCaseSchema>;
export type ModelCaseInput = z.input<typeof ModelCaseSchema>;

const AssessedSchema = z.object({ id: z.string().min(1).max(128), met: MetSchema, evidence: z.array(Code).max(100) });

export const ExtractionAnswerSchema = z.object({
  patientId: z.string().min(1),
  procedureCode: z.string().min(1),
  diagnosisCodes: z.array(Code).max(500),
  rationale: z.string().max(100_000),
});
export const NecessityAnswerSchema = z.object({ necessary: z.boolean(), criteria: z.array(AssessedSchema).max(200), rationale: z.string().max(100_000) });
export const CriteriaAnswerSchema = z.object({ likelyOutcome: z.enum(['meets', 'fails', 'missing-documentation']), criteria: z.array(AssessedSchema).max(200), rationale: z.string().max(100_000) });
export const LetterAnswerSchema = z.object({ subject: z.string().min(1).max(500), body: z.string().min(1).max(100_000), diagnosisCodes: z.array(Code).max(500) });

export type ExtractionAnswer = z.infer<typeof ExtractionAnswerSchema>;
export type NecessityAnswer = z.infer<typeof NecessityAnswerSchema>;
export type CriteriaAnswer = z.infer<typeof CriteriaAnswerSchema>;
export type LetterAnswer = z.infer<typeof LetterAnswerSchema>;

/** Each agent's tool: its name and the schema of the input the model must send. */
export const AGENT_TOOLS = {
  'clinical-extraction': { name: 'record_clinical_facts', description: 'Record the diagnoses the chart documents.', schema: ExtractionAnswerSchema },
  'medical-necessity': { name: 'assess_medical_necessity', description: 'Judge each guideline criterion against the chart, and overall necessity.', schema: NecessityAnswerSchema },
  'payer-criteria': { name: 'assess_payer_criteria', description: "Judge each of the payer's policy criteria, and the likely decision.", schema: CriteriaAnswerSchema },
  'justification-letter': { name: 'draft_justification_letter', description: 'Draft the letter of medical necessity.', schema: LetterAnswerSchema },
} as const satisfies Record<ModelAgent, { name: string; description: string; schema: z.ZodType }>;

export type AgentAnswer<A extends ModelAgent> = z.infer<(typeof AGENT_TOOLS)[A]['schema']>;

/** The case of a user message's text, or undefined when it holds none (or an invalid one). */
export function parseCase(text: string): ModelCase | undefined {
  const start = text.indexOf(CASE_OPEN);
  const end = text.lastIndexOf(CASE_CLOSE);
  if (start < 0 || end < start) return undefined;
  try {
    const parsed = ModelCaseSchema.safeParse(JSON.parse(text.slice(start + CASE_OPEN.length, end)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

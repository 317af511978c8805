/**
 * `createAgents`: the four stage agents of the pipeline, built from the clients they need
 * (STYLE.md §4: the workflow receives agents, never makes I/O itself). Each is an interface
 * with a deterministic implementation; pass `overrides` to swap one (an LLM-backed agent,
 * a test double) without touching the others.
 */
import type { EhrClient } from '../clients/ehr-client.js';
import type { PayerClient } from '../clients/payer-client.js';
import type { ReviewClient } from '../clients/review-client.js';
import type { ModelClient } from '../clients/model-client.js';
import { withModelReview } from './model-review.js';
import { createClinicalExtractionAgent, type ClinicalExtractionAgent } from './clinical-extraction.js';
import { createJustificationLetterAgent, type JustificationLetterAgent } from './justification-letter.js';
import { createMedicalNecessityAgent, type MedicalNecessityAgent } from './medical-necessity.js';
import { createPayerCriteriaAgent, type PayerCriteriaAgent } from './payer-criteria.js';

export interface Agents {
  readonly clinicalExtraction: ClinicalExtractionAgent;
  readonly medicalNecessity: MedicalNecessityAgent;
  readonly payerCriteria: PayerCriteriaAgent;
  readonly justificationLetter: JustificationLetterAgent;
}

export interface AgentDependencies {
  readonly ehr: EhrClient;
  /** Not read by the deterministic agents (the workflow fetches the policy); kept for LLM agents that look things up. */
  readonly payer?: PayerClient;
  readonly review?: ReviewClient;
  /** The model each agent asks and checks inside its step (model-review.ts); without one the agents are purely deterministic. */
  readonly model?: ModelClient;
  readonly overrides?: Partial<Agents>;
}

/** @example const agents = createAgents({ ehr: createEhrClient(cfg), payer: createPayerClient(cfg) }) */
export function createAgents({ ehr, model, overrides = {} }: AgentDependencies): Agents {
  const agents: Agents = {
    clinicalExtraction: overrides.clinicalExtraction ?? createClinicalExtractionAgent(ehr),
    medicalNecessity: overrides.medicalNecessity ?? createMedicalNecessityAgent(),
    payerCriteria: overrides.payerCriteria ?? createPayerCriteriaAgent(),
    justificationLetter: overrides.justificationLetter ?? createJustificationLetterAgent(),
  };
  return model ? withModelReview(agents, model) : agents;
}

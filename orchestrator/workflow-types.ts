/** The prior-auth workflow's input, result and configuration. */
import { z } from 'zod';
import type { DecisionSummary } from './clients/decision-summary.js';
import type { OrchestratorOutcome } from '../src/contracts/scenario.js';
import type { BackoffConfig } from './retry-policy.js';

export interface PriorAuthRequest {
  /** EHR Patient id. */
  readonly patientId: string;
  /** CPT or RxNorm code of what needs authorization. */
  readonly procedureCode: string;
}

/** A start request: the workflow's input, and the request id that makes the start idempotent. */
export const PriorAuthRequestSchema = z.object({
  patientId: z.string().min(1).max(64),
  procedureCode: z.string().regex(/^[0-9A-Za-z]{1,16}$/, 'a CPT or RxNorm code'),
  /** Idempotent start: the same requestId returns the same execution. */
  requestId: z.string().min(1).max(128).optional(),
});

export interface PriorAuthResult {
  readonly outcome: OrchestratorOutcome;
  readonly reason?: string;
  readonly authorizationNumber?: string;
  readonly claimIdentifier?: string;
  readonly stages: {
    readonly extraction?: { readonly evidenceResources: number };
    readonly necessity?: { readonly necessary: boolean; readonly guideline: string };
    readonly criteria?: { readonly likelyOutcome: string; readonly missingDocumentation: readonly string[] };
    readonly letter?: { readonly subject: string };
    readonly review?: { readonly approved: boolean; readonly reviewer: string; readonly reason?: string };
    readonly submission?: { readonly idempotencyKey: string; readonly replayed: boolean; readonly initial: DecisionSummary['outcome'] };
    readonly decision?: { readonly via: 'submit' | 'notification' | 'polling'; readonly reviewActionCode: string; readonly polls?: number };
  };
}

export interface PollingConfig {
  readonly initialSeconds: number;
  readonly maxSeconds: number;
  readonly maxAttempts: number;
}

export interface WorkflowConfig {
  /** Where the review system POSTs the physician's decision: `${callbackBaseUrl}/callbacks/{id}/succeed`. */
  readonly callbackBaseUrl: string;
  /** Where the payer POSTs notifications: `${notificationBaseUrl}/notifications/payer/{callbackId}`. */
  readonly notificationBaseUrl: string;
  readonly reviewTimeoutDays: number;
  /** How long to wait for a payer notification before falling back to polling. */
  readonly notificationTimeoutHours: number;
  readonly polling: PollingConfig;
  readonly stepRetry: BackoffConfig;
  /**
   * The four agent steps' retries (default: `stepRetry`). An agent step calls two systems one
   * after the other — the EHR or the payer's CRD/DTR, then the model — so a transient burst on
   * each adds up within one step, where every other step meets one system's burst alone.
   */
  readonly agentRetry?: BackoffConfig;
}

/** The pipeline of docs/architecture.md: 7-day review, 30 s → 5 min polling, capped attempts; notifications past the 7-day CMS window. */
export const DEFAULT_WORKFLOW_CONFIG: Omit<WorkflowConfig, 'callbackBaseUrl' | 'notificationBaseUrl'> = {
  reviewTimeoutDays: 7,
  notificationTimeoutHours: 8 * 24,
  polling: { initialSeconds: 30, maxSeconds: 300, maxAttempts: 48 },
  stepRetry: { maxAttempts: 8, initialSeconds: 2, maxSeconds: 300 },
  // a step's budget for the EHR's burst, plus four attempts more for the model's
  agentRetry: { maxAttempts: 12, initialSeconds: 2, maxSeconds: 300 },
};

/** The workflow's execution timeout, locally as on AWS (deploy/template.yaml's DurableConfig.ExecutionTimeout): 30 days. */
export const EXECUTION_TIMEOUT_SECONDS = 30 * 24 * 3600;

/**
 * `createClients`: every HTTP client of the orchestrator from one configuration (STYLE.md §8:
 * config flows from one place). Each system may live at its own base URL; in the simulator
 * they share one.
 */
import { createCdsHooksSigner, type CdsHooksClientConfig } from './cds-hooks-signer.js';
import { createEhrClient, type EhrClient } from './ehr-client.js';
import type { FetchLike } from './http-client.js';
import { createPayerClient, type PayerClient } from './payer-client.js';
import { createReviewClient, type ReviewClient } from './review-client.js';
import { createTokenSource, type SmartClientConfig, type TokenSource } from './smart-token-source.js';
import { trimTrailingSlashes } from '../../src/contracts/trim-trailing-slashes.js';

/** What the orchestrator asks each system for (SMART system scopes). */
export const SMART_SCOPES = {
  payer: 'system/Claim.write system/Claim.read system/Subscription.write system/Subscription.read system/Questionnaire.read',
  ehr: 'system/*.read',
} as const;

export interface ClientsConfig {
  readonly ehrUrl: string;
  readonly payerUrl: string;
  readonly reviewUrl: string;
  readonly fetch: FetchLike;
  /** Per call; PAS asks for an answer within 15 s, which is the default. */
  readonly timeoutMs?: number;
  /** Scope of our Idempotency-Keys at the payer. */
  readonly clientId?: string;
  /** SMART Backend Services at the payer and the EHR (the review system takes no token); `now` is the orchestrator's clock. */
  readonly smart?: SmartClientConfig & { readonly now: () => number };
  /** Sign CRD hook calls (CDS Hooks JWT, for a payer running auth.cdsHooks: jwt); `now` is the orchestrator's clock. */
  readonly cdsHooks?: CdsHooksClientConfig & { readonly now: () => number; readonly scope?: () => string | undefined };
}

export interface Clients {
  readonly ehr: EhrClient;
  readonly payer: PayerClient;
  readonly review: ReviewClient;
}

/** The clients, and a way to drop what they hold in memory as a restarted process would. */
export interface ClientsWithState extends Clients {
  /** Forget every cached SMART token, token endpoint and token fetch in flight (a simulated process restart). */
  forgetProcessState(): void;
}

/** @example const { ehr, payer, review } = createClients({ ehrUrl: url, payerUrl: url, reviewUrl: url, fetch }) */
export function createClients(config: ClientsConfig): ClientsWithState {
  const timeoutMs = config.timeoutMs ?? 15_000;
  const smart = config.smart;
  const sources: TokenSource[] = [];
  const auth = (baseUrl: string, system: 'payer' | 'ehr') => {
    if (!smart) return {};
    const source = createTokenSource({ ...smart, fhirBase: `${trimTrailingSlashes(baseUrl)}/${system}/fhir`, scope: SMART_SCOPES[system], fetch: config.fetch, timeoutMs });
    sources.push(source);
    return { auth: source };
  };
  return {
    forgetProcessState: () => sources.forEach((s) => s.forget()),
    ehr: createEhrClient({ baseUrl: config.ehrUrl, fetch: config.fetch, timeoutMs, ...auth(config.ehrUrl, 'ehr') }),
    payer: createPayerClient({
      baseUrl: config.payerUrl, fetch: config.fetch, timeoutMs, clientId: config.clientId, ...auth(config.payerUrl, 'payer'),
      ...(config.cdsHooks ? { cdsHooks: createCdsHooksSigner(config.cdsHooks) } : {}),
    }),
    review: createReviewClient({ baseUrl: config.reviewUrl, fetch: config.fetch, timeoutMs }),
  };
}

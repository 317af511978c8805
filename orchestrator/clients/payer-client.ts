/**
 * The payer as the orchestrator sees it: coverage requirements (CRD + DTR), Da Vinci PAS `Claim/$submit`
 * (with an Idempotency-Key; a 409 "same key still in flight" is transient) and
 * `Claim/$inquire`, and the CapabilityStatement that says whether pended decisions arrive by
 * rest-hook Subscription or must be polled. Every response is validated with src/contracts.
 */
import { z } from 'zod';
import type { Identifier } from '../../src/contracts/fhir-base.js';
import { PasResponseBundleSchema, type PasClaimResponse, type PasRequestBundle, type PasResponseBundle } from '../../src/contracts/pas.js';
import { CoveragePolicySchema, type CoveragePolicy } from '../../src/contracts/policy.js';
import { BackportUrls, CALLBACK_SECRET_EXTENSION, PAS_DECISION_TOPIC, SubscriptionSchema } from '../../src/contracts/subscription.js';
import { TransientError } from './client-errors.js';
import { summarizeDecision, type DecisionSummary } from './decision-summary.js';
import { createHttpClient, type HttpClientConfig } from './http-client.js';
import type { CdsHooksSigner } from './cds-hooks-signer.js';
import { coverageRequirements, type CoverageRequirements, type OrderRef } from './coverage-requirements.js';

export interface PayerClientConfig extends HttpClientConfig {
  /** Sent as X-Client-Id: the payer scopes Idempotency-Keys per client. */
  readonly clientId?: string;
  readonly fhirPath?: string;
  /** Signs CRD hook calls (CDS Hooks JWT) when the payer's CDS services require it. */
  readonly cdsHooks?: CdsHooksSigner;
}

export interface PasResult {
  readonly bundle: PasResponseBundle;
  readonly claimResponse: PasClaimResponse;
  readonly decision: DecisionSummary;
  /** The payer replayed the stored response of an earlier request with this Idempotency-Key. */
  readonly replayed: boolean;
}

/** What `$inquire` matches on: our Claim.identifier, else Bundle.identifier, else patient + provider (+ code). */
export interface PasInquiry {
  readonly claimIdentifier?: Identifier;
  readonly bundleIdentifier?: Identifier;
  readonly patient?: string;
  readonly provider?: string;
  readonly procedureCode?: string;
}

export interface PayerCapabilities {
  /** Rest-hook Subscriptions can be created: wait for a notification instead of polling. */
  readonly webhooks: boolean;
  readonly fhirVersion?: string;
  readonly description?: string;
}

export interface PayerClient {
  /** The home-made policy endpoint: a convenience, the pipeline asks CRD and DTR instead. */
  getPolicy(code: string): Promise<CoveragePolicy>;
  /** CRD then DTR for one order (coverage-requirements.ts). */
  coverageRequirements(order: OrderRef): Promise<CoverageRequirements>;
  submit(bundle: PasRequestBundle, idempotencyKey: string): Promise<PasResult>;
  inquire(query: PasInquiry): Promise<PasResult>;
  getCapabilities(): Promise<PayerCapabilities>;
  /** Rest-hook Subscription to one claim's decision (`claimIdentifier` as `system|value`); throws unless the handshake made it active. */
  createSubscription(request: { endpoint: string; claimIdentifier: string; callbackSecret?: string }): Promise<{ id: string; status: string }>;
}

/** Only what the client reads of the payer's CapabilityStatement. */
const PayerCapabilityStatementSchema = z.looseObject({
  resourceType: z.literal('CapabilityStatement'),
  fhirVersion: z.string().optional(),
  description: z.string().optional(),
  rest: z.array(z.looseObject({
    resource: z.array(z.looseObject({ type: z.string(), interaction: z.array(z.looseObject({ code: z.string() })).optional() })).optional(),
  })).min(1),
});

/** The inquiry Bundle: a Claim carrying what to match, per PAS `Claim/$inquire`. */
export function inquiryBundle(q: PasInquiry): Record<string, unknown> {
  const claim = {
    resourceType: 'Claim', status: 'active', use: 'preauthorization',
    ...(q.claimIdentifier ? { identifier: [q.claimIdentifier] } : {}),
    ...(q.patient ? { patient: { reference: q.patient } } : {}),
    ...(q.provider ? { provider: { reference: q.provider } } : {}),
    ...(q.procedureCode ? { item: [{ sequence: 1, productOrService: { coding: [{ code: q.procedureCode }] } }] } : {}),
  };
  return { resourceType: 'Bundle', type: 'collection', ...(q.bundleIdentifier ? { identifier: q.bundleIdentifier } : {}), entry: [{ resource: claim }] };
}

/**
 * @example
 * const payer = createPayerClient({ baseUrl, fetch, timeoutMs: 15_000, clientId: 'orchestrator' });
 * const { decision, replayed } = await payer.submit(bundle, key);
 */
export function createPayerClient(config: PayerClientConfig): PayerClient {
  const http = createHttpClient(config);
  const fhir = config.fhirPath ?? '/payer/fhir';
  const clientHeader: Record<string, string> = config.clientId ? { 'x-client-id': config.clientId } : {};

  async function pas(path: string, body: unknown, headers: Record<string, string>, transientStatuses: number[] = []): Promise<PasResult> {
    const res = await http.call({ method: 'POST', path, body, schema: PasResponseBundleSchema, mediaType: 'application/fhir+json', headers: { ...clientHeader, ...headers }, transientStatuses });
    const claimResponse = res.data.entry[0].resource;
    return { bundle: res.data, claimResponse, decision: summarizeDecision(claimResponse), replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  return {
    async getPolicy(code) {
      return (await http.call({ method: 'GET', path: `/payer/policies/${encodeURIComponent(code)}`, schema: CoveragePolicySchema, mediaType: 'application/json' })).data;
    },
    coverageRequirements: (order) => coverageRequirements(http, fhir.slice(0, fhir.lastIndexOf('/')), fhir, order, clientHeader, config.cdsHooks),
    submit: (bundle, idempotencyKey) => pas(`${fhir}/Claim/$submit`, bundle, { 'idempotency-key': idempotencyKey }, [409]),
    inquire: (query) => pas(`${fhir}/Claim/$inquire`, inquiryBundle(query), {}),
    async getCapabilities() {
      const { data } = await http.call({ method: 'GET', path: `${fhir}/metadata`, schema: PayerCapabilityStatementSchema, mediaType: 'application/fhir+json' });
      const subscription = data.rest.flatMap((r) => r.resource ?? []).find((r) => r.type === 'Subscription');
      return {
        webhooks: !!subscription?.interaction?.some((i) => i.code === 'create'),
        ...(data.fhirVersion ? { fhirVersion: data.fhirVersion } : {}),
        ...(data.description ? { description: data.description } : {}),
      };
    },
    async createSubscription({ endpoint, claimIdentifier, callbackSecret }) {
      const { data } = await http.call({
        method: 'POST', path: `${fhir}/Subscription`, schema: SubscriptionSchema, mediaType: 'application/fhir+json', headers: clientHeader,
        body: subscriptionRequest(endpoint, claimIdentifier, callbackSecret),
      });
      if (data.status !== 'active') throw new TransientError(`Subscription ${data.id ?? ''} is ${data.status}: the payer's handshake with ${endpoint} failed`, { operation: 'create Subscription' });
      return { id: data.id ?? '', status: data.status };
    },
  };
}

/** A Backport-IG rest-hook Subscription to this claim's decision, full-resource payloads. */
function subscriptionRequest(endpoint: string, claimIdentifier: string, callbackSecret?: string) {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'final decision of a pended prior authorization',
    criteria: PAS_DECISION_TOPIC,
    _criteria: { extension: [{ url: BackportUrls.filterCriteria, valueString: `ClaimResponse?request.identifier=${claimIdentifier}` }] },
    channel: {
      type: 'rest-hook', endpoint, payload: 'application/fhir+json',
      _payload: { extension: [{ url: BackportUrls.payloadContent, valueCode: 'full-resource' }] },
      // the payer signs its notifications with it, so the receiver can tell them from forgeries
      ...(callbackSecret ? { extension: [{ url: CALLBACK_SECRET_EXTENSION, valueString: callbackSecret }] } : {}),
    },
  };
}

/**
 * Every endpoint of the simulator with its schemas: the single list the OpenAPI document is
 * built from and that the contract tests check the router against.
 */
import { z } from 'zod';
import type { ApiEndpoint } from './api-endpoint.js';
import { buildOpenApi } from './openapi.js';
import { BundleSchema, OperationOutcomeSchema, ProblemSchema, ResourceSchema } from './fhir-base.js';
import { ParametersSchema } from './parameters.js';
import { QuestionnairePackageSchema, QuestionnaireSchema } from './dtr.js';
import { CdsDiscoverySchema, CdsHookRequestSchema, CdsHookResponseSchema } from './cds-hooks.js';
import { ReviewDecisionInputSchema, ReviewDecisionSchema, ReviewTaskCreateSchema, ReviewTaskListSchema, ReviewTaskSchema } from './review.js';
import { CapabilityStatementSchema, EhrResourceSchema, EverythingBundleSchema } from './ehr.js';
import { PasInquiryBundleSchema, PasRequestBundleSchema, PasResponseBundleSchema } from './pas.js';
import { CoveragePolicySchema } from './policy.js';
import { SubscriptionCreateSchema, SubscriptionNotificationSchema, SubscriptionSchema } from './subscription.js';
import { ArmedFaultListSchema, ArmedFaultSchema, FaultRuleSchema } from './faults.js';
import { JournalPageSchema } from './journal.js';
import { ConverseRequestSchema, ConverseResponseSchema, ModelErrorSchema } from './model-converse.js';
import { ModelLedgerSchema } from './model-ledger.js';
import { ClaimListSchema, ClaimViewSchema, ReleaseClaimSchema } from './admin.js';
import { AUTH_ENDPOINTS, AUTH_SCHEMAS, endpointSecurity, SECURITY_SCHEMES } from './auth-endpoints.js';
import { ClockAdvanceSchema, ClockSetSchema, ClockSpeedSchema, ClockSpeedStateSchema, ClockStateSchema, CurrentScenarioSchema, LedgerSchema, LoadedScenarioSchema, LoadScenarioSchema, ResetResultSchema } from './admin.js';

export const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  OperationOutcome: OperationOutcomeSchema,
  Problem: ProblemSchema,
  Bundle: BundleSchema,
  Resource: ResourceSchema,
  Parameters: ParametersSchema,
  /** `POST [type]/_search`: search parameters as an application/x-www-form-urlencoded form. */
  SearchForm: z.record(z.string(), z.string()),
  QuestionnairePackage: QuestionnairePackageSchema,
  Questionnaire: QuestionnaireSchema,
  CdsDiscovery: CdsDiscoverySchema,
  CdsHookRequest: CdsHookRequestSchema,
  CdsHookResponse: CdsHookResponseSchema,
  EhrCapabilityStatement: CapabilityStatementSchema,
  EhrResource: EhrResourceSchema,
  EverythingBundle: EverythingBundleSchema,
  PasRequestBundle: PasRequestBundleSchema,
  PasInquiryBundle: PasInquiryBundleSchema,
  PasResponseBundle: PasResponseBundleSchema,
  CoveragePolicy: CoveragePolicySchema,
  SubscriptionCreate: SubscriptionCreateSchema,
  Subscription: SubscriptionSchema,
  /** Not a response of ours: what the payer POSTs to a subscription's channel.endpoint. */
  SubscriptionNotification: SubscriptionNotificationSchema,
  PayerCapabilityStatement: z.looseObject({ resourceType: z.literal('CapabilityStatement') }),
  ReviewTaskCreate: ReviewTaskCreateSchema,
  ReviewTask: ReviewTaskSchema,
  ReviewTaskList: ReviewTaskListSchema,
  ReviewDecisionInput: ReviewDecisionInputSchema,
  ReviewDecision: ReviewDecisionSchema,
  ClockAdvance: ClockAdvanceSchema,
  ClockSet: ClockSetSchema,
  ClockSpeed: ClockSpeedSchema,
  ClockSpeedState: ClockSpeedStateSchema,
  ClockState: ClockStateSchema,
  Ledger: LedgerSchema,
  ResetResult: ResetResultSchema,
  FaultRule: FaultRuleSchema,
  ArmedFault: ArmedFaultSchema,
  ArmedFaultList: ArmedFaultListSchema,
  JournalPage: JournalPageSchema,
  LoadScenario: LoadScenarioSchema,
  ReleaseClaim: ReleaseClaimSchema,
  ClaimView: ClaimViewSchema,
  ClaimList: ClaimListSchema,
  LoadedScenario: LoadedScenarioSchema,
  CurrentScenario: CurrentScenarioSchema,
  ConverseRequest: ConverseRequestSchema,
  ConverseResponse: ConverseResponseSchema,
  ModelError: ModelErrorSchema,
  ModelLedger: ModelLedgerSchema,
  ...AUTH_SCHEMAS,
};

const problem = (description: string) => ({ description, schema: 'Problem' });
const idParam = (what: string) => ({ name: 'id', in: 'path' as const, description: `${what} id` });

const fhirError = (description: string) => ({ description, schema: 'OperationOutcome' });
const EHR_TYPES = z.enum(['Patient', 'Condition', 'Observation', 'Procedure', 'MedicationRequest', 'Coverage', 'DocumentReference', 'Practitioner', 'Organization']);
const q = (name: string, description: string) => ({ name, in: 'query' as const, description });

const COMPARTMENT = z.enum(['Condition', 'Observation', 'Procedure', 'MedicationRequest', 'Coverage', 'DocumentReference']);
const RESULT_QUERY = [q('_count', 'page size, 1–1000'), q('_offset', 'opaque page position from a next link'), q('_summary', 'count, data or false'), q('_elements', 'comma list of top-level elements'), q('_format', 'json (anything else: 406)')];
const EVERYTHING_QUERY = [q('_type', 'comma-separated resource types'), q('_since', 'instant with time zone: only resources updated since'), ...RESULT_QUERY];
const SEARCH_QUERY = [
  q('patient', 'Patient/{id} or {id}; required for clinical types'), q('_id', 'logical id'), q('identifier', 'system|value or value'),
  q('name', 'Patient name, starts-with (name:exact, name:contains)'), q('birthdate', 'Patient.birthDate, e.g. ge1960-01-01'), q('gender', 'male, female, other, unknown'),
  q('category', 'Observation category: laboratory, vital-signs, survey'), q('code', 'system|code or code, comma-separated'), q('date', 'Observation.effective, e.g. ge2026-01-01'),
  ...RESULT_QUERY,
];
const SEARCH_RESPONSES = {
  200: { description: 'a searchset Bundle (self link lists only the parameters applied)', schema: 'Bundle' },
  400: fhirError('invalid or missing parameter; unknown parameter under Prefer: handling=strict'),
  404: fhirError('unsupported type'),
  406: fhirError('a format other than FHIR JSON was asked for'),
};

const EHR: ApiEndpoint[] = [
  {
    method: 'GET', path: '/ehr/fhir/metadata', operationId: 'ehrCapabilities', tag: 'ehr', summary: 'CapabilityStatement of the EHR (FHIR R4 / US Core shapes)',
    responses: { 200: { description: 'capabilities', schema: 'EhrCapabilityStatement' } },
  },
  {
    method: 'GET', path: '/ehr/fhir/Patient/:id/$everything', operationId: 'patientEverything', tag: 'ehr',
    summary: "A patient's whole chart as a paged searchset; follow link[relation=next]",
    parameters: [idParam('Patient'), ...EVERYTHING_QUERY],
    responses: { 200: { description: 'one page', schema: 'EverythingBundle' }, 400: fhirError('invalid parameter (named in expression)'), 404: fhirError('no such patient'), 406: fhirError('a format other than FHIR JSON was asked for') },
  },
  {
    method: 'POST', path: '/ehr/fhir/Patient/:id/$everything', operationId: 'patientEverythingPost', tag: 'ehr',
    summary: '$everything by POST (what generic FHIR clients send): a Parameters body of primitives (_type, _since, _count), or none',
    parameters: [idParam('Patient'), ...EVERYTHING_QUERY],
    request: { schema: 'Parameters', contentType: 'application/fhir+json' },
    responses: { 200: { description: 'one page', schema: 'EverythingBundle' }, 400: fhirError('invalid or unknown parameter (named in expression)'), 404: fhirError('no such patient'), 415: fhirError('neither FHIR JSON nor a form') },
  },
  {
    method: 'GET', path: '/ehr/fhir/:type/_search', operationId: 'ehrSearchGetForm', tag: 'ehr', summary: 'Search, as GET [type]/_search?params (same as GET [type]?params)',
    parameters: [{ name: 'type', in: 'path', description: 'resource type', schema: EHR_TYPES }, ...SEARCH_QUERY],
    responses: SEARCH_RESPONSES,
  },
  {
    method: 'POST', path: '/ehr/fhir/:type/_search', operationId: 'ehrSearchPost', tag: 'ehr',
    summary: 'Search by POST with the parameters form-encoded in the body (and/or the query string)',
    parameters: [{ name: 'type', in: 'path', description: 'resource type', schema: EHR_TYPES }, ...SEARCH_QUERY],
    request: { schema: 'SearchForm', contentType: 'application/x-www-form-urlencoded' },
    responses: { ...SEARCH_RESPONSES, 415: fhirError('body not application/x-www-form-urlencoded') },
  },
  {
    method: 'GET', path: '/ehr/fhir/Patient/:id/:type', operationId: 'ehrCompartmentSearch', tag: 'ehr',
    summary: 'Patient compartment search: Patient/{id}/Observation?code=… is Observation?patient={id}&code=…',
    parameters: [idParam('Patient'), { name: 'type', in: 'path', description: 'a compartment type', schema: COMPARTMENT }, ...SEARCH_QUERY],
    responses: { ...SEARCH_RESPONSES, 404: fhirError('no such patient, or a type outside the Patient compartment') },
  },
  {
    method: 'POST', path: '/ehr/fhir/Patient/:id/:type/_search', operationId: 'ehrCompartmentSearchPost', tag: 'ehr',
    summary: 'Patient compartment search by POST with a form body',
    parameters: [idParam('Patient'), { name: 'type', in: 'path', description: 'a compartment type', schema: COMPARTMENT }, ...SEARCH_QUERY],
    request: { schema: 'SearchForm', contentType: 'application/x-www-form-urlencoded' },
    responses: { ...SEARCH_RESPONSES, 404: fhirError('no such patient, or a type outside the Patient compartment'), 415: fhirError('body not application/x-www-form-urlencoded') },
  },
  {
    method: 'GET', path: '/ehr/fhir/:type/:id', operationId: 'ehrRead', tag: 'ehr', summary: 'Read one resource (_elements and _summary=data apply)',
    parameters: [{ name: 'type', in: 'path', description: 'resource type', schema: EHR_TYPES }, idParam('resource'), q('_elements', 'comma list of top-level elements'), q('_summary', 'data or false')],
    responses: { 200: { description: 'the resource', schema: 'EhrResource' }, 404: fhirError('unknown id or unsupported type'), 406: fhirError('a format other than FHIR JSON was asked for') },
  },
  {
    method: 'GET', path: '/ehr/fhir/:type', operationId: 'ehrSearch', tag: 'ehr',
    summary: 'Search: Patient by _id/identifier/name/birthdate/gender; clinical types by patient (Observation also by category, code and date). Undeclared parameters are ignored (400 under Prefer: handling=strict)',
    parameters: [{ name: 'type', in: 'path', description: 'resource type', schema: EHR_TYPES }, ...SEARCH_QUERY],
    responses: SEARCH_RESPONSES,
  },
];

const PAYER: ApiEndpoint[] = [
  {
    method: 'GET', path: '/payer/fhir/metadata', operationId: 'payerCapabilities', tag: 'payer',
    summary: 'CapabilityStatement: PAS version, $submit/$inquire, whether Subscriptions (webhooks) are supported',
    responses: { 200: { description: 'capabilities', schema: 'PayerCapabilityStatement' } },
  },
  {
    method: 'POST', path: '/payer/fhir/Claim/$submit', operationId: 'pasSubmit', tag: 'payer',
    summary: 'Submit a PAS request Bundle; answers a response Bundle whose ClaimResponse carries X12 306 review actions',
    parameters: [
      { name: 'Idempotency-Key', in: 'header', description: 'IETF Idempotency-Key: same key + payload replays; different payload 422; in flight 409' },
      { name: 'X-Client-Id', in: 'header', description: 'scopes idempotency keys per client (else Authorization, else anonymous)' },
    ],
    request: { schema: 'PasRequestBundle', contentType: 'application/fhir+json' },
    responses: {
      200: { description: 'adjudicated (or replayed: header Idempotent-Replayed)', schema: 'PasResponseBundle' },
      400: fhirError('invalid Bundle (expression names the path) or missing required Idempotency-Key'),
      409: fhirError('same Idempotency-Key still in flight, or a Bundle.identifier/Claim.identifier this client already used for a different request (expression names it)'),
      413: fhirError('body too large'),
      415: fhirError('not FHIR JSON'),
      422: fhirError('same Idempotency-Key with a different payload, or no coverage policy for the code'),
    },
  },
  {
    method: 'POST', path: '/payer/fhir/Claim/$inquire', operationId: 'pasInquire', tag: 'payer',
    summary: 'Current ClaimResponse for a claim matched by identifiers',
    request: { schema: 'PasInquiryBundle', contentType: 'application/fhir+json' },
    responses: { 200: { description: 'current decision', schema: 'PasResponseBundle' }, 400: fhirError('invalid inquiry'), 404: fhirError('no matching claim'), 415: fhirError('not FHIR JSON') },
  },
  {
    method: 'GET', path: '/payer/fhir/Claim/:id', operationId: 'payerClaimRead', tag: 'payer',
    summary: 'The submitted Claim under the payer id ClaimResponse.request names (only its submitter may read it; Bundle-local references made absolute or contained)',
    parameters: [idParam('Claim (payer)'), q('_elements', 'comma list of top-level elements')],
    responses: { 200: { description: 'the Claim', schema: 'Resource' }, 404: fhirError('no such claim for this client'), 405: fhirError('an operation name: POST it') },
  },
  {
    method: 'GET', path: '/payer/fhir/ClaimResponse/:id', operationId: 'payerClaimResponseRead', tag: 'payer',
    summary: 'The current ClaimResponse of a claim (the fullUrl of the response Bundle\'s first entry)',
    parameters: [idParam('ClaimResponse'), q('_elements', 'comma list of top-level elements')],
    responses: { 200: { description: 'the ClaimResponse', schema: 'Resource' }, 404: fhirError('no such claim for this client') },
  },
  {
    method: 'POST', path: '/payer/fhir/Subscription', operationId: 'createSubscription', tag: 'payer',
    summary: 'Create a rest-hook Subscription (R5 Backport IG) to the pended-decision topic; the payer POSTs a handshake to channel.endpoint before answering, then SubscriptionNotification Bundles',
    request: { schema: 'SubscriptionCreate', contentType: 'application/fhir+json' },
    responses: {
      201: { description: 'created: status active (handshake answered 2xx) or error (see Subscription.error)', schema: 'Subscription' },
      400: fhirError('invalid Subscription (expression names the path: unknown topic, channel type, endpoint, filter), or not-supported: this payer has no webhooks, poll Claim/$inquire'),
      415: fhirError('not FHIR JSON'),
      422: fhirError('Subscription.channel.endpoint is on a host the outbound allowlist refuses (not contacted)'),
    },
  },
  {
    method: 'GET', path: '/payer/fhir/Subscription/:id', operationId: 'getSubscription', tag: 'payer', summary: 'A Subscription with its status',
    parameters: [idParam('Subscription')], responses: { 200: { description: 'the Subscription', schema: 'Subscription' }, 404: fhirError('no such subscription (or deleted)') },
  },
  {
    method: 'DELETE', path: '/payer/fhir/Subscription/:id', operationId: 'deleteSubscription', tag: 'payer', summary: 'Delete a Subscription: no further notifications, retries or heartbeats',
    parameters: [idParam('Subscription')], responses: { 200: { description: 'deleted; the last state, status off', schema: 'Subscription' }, 404: fhirError('no such subscription') },
  },
  {
    method: 'POST', path: '/payer/fhir/Questionnaire/$questionnaire-package', operationId: 'dtrQuestionnairePackage', tag: 'payer',
    summary: 'DTR: the Questionnaire (+ ValueSets + draft QuestionnaireResponse) for the orders and coverage, one packagebundle per questionnaire',
    request: { schema: 'Parameters', contentType: 'application/fhir+json' },
    responses: { 200: { description: 'Parameters with packagebundle parts, or an outcome when no questionnaire applies', schema: 'QuestionnairePackage' }, 400: fhirError('missing coverage, bad order or unknown questionnaire (expression names the parameter)'), 415: fhirError('not FHIR JSON') },
  },
  {
    method: 'POST', path: '/payer/fhir/Questionnaire/$next-question', operationId: 'dtrNextQuestion', tag: 'payer',
    summary: 'SDC adaptive form (DTR): a QuestionnaireResponse (or Parameters in) whose contained Questionnaire adapts policy-{code}; answers it with the next needed question, or completed',
    request: { schema: 'Resource', contentType: 'application/fhir+json' },
    responses: { 200: { description: 'the QuestionnaireResponse with the next question in its contained Questionnaire (status in-progress), or completed', schema: 'Resource' }, 400: fhirError('not a QuestionnaireResponse, no contained Questionnaire, not a policy questionnaire, or an outdated version (expression names the path)'), 415: fhirError('not FHIR JSON') },
  },
  {
    method: 'GET', path: '/payer/fhir/Questionnaire/:id', operationId: 'dtrQuestionnaireRead', tag: 'payer', summary: 'The current version of a policy Questionnaire (policy-{code})',
    parameters: [idParam('Questionnaire'), q('_elements', 'comma list of top-level elements')],
    responses: { 200: { description: 'the Questionnaire', schema: 'Questionnaire' }, 404: fhirError('no such questionnaire'), 405: fhirError('an operation name: POST it') },
  },
  {
    method: 'GET', path: '/payer/cds-services', operationId: 'crdDiscovery', tag: 'payer', summary: 'CDS Hooks 2.0 discovery: the CRD services (order-select, order-sign, appointment-book) with their prefetch templates',
    responses: { 200: { description: 'the services', schema: 'CdsDiscovery', contentType: 'application/json' } },
  },
  {
    method: 'POST', path: '/payer/cds-services/:id', operationId: 'crdHook', tag: 'payer',
    summary: 'Call a CRD hook: cards and systemActions that annotate each order (or Appointment) with the coverage-information extension',
    parameters: [{ name: 'id', in: 'path', description: 'crd-order-select, crd-order-sign or crd-appointment-book', schema: z.enum(['crd-order-select', 'crd-order-sign', 'crd-appointment-book']) }],
    request: { schema: 'CdsHookRequest', contentType: 'application/json' },
    responses: {
      200: { description: 'cards and systemActions', schema: 'CdsHookResponse', contentType: 'application/json' }, 400: problem('invalid hook request (path named)'), 404: problem('no such service'), 415: problem('not JSON'),
      401: problem('auth.cdsHooks: jwt and the Authorization JWT is missing, malformed, from an unknown client or issuer, badly signed, for another service (aud), expired, issued in the future or replayed (jti)'),
    },
  },
  {
    method: 'GET', path: '/payer/policies/:code', operationId: 'getCoveragePolicy', tag: 'payer',
    summary: 'Coverage policy for a CPT or RxNorm code: criteria as data, required documents, turnaround',
    parameters: [{ name: 'code', in: 'path', description: 'CPT or RxNorm code' }],
    responses: { 200: { description: 'the policy', schema: 'CoveragePolicy' }, 404: problem('no policy for that code') },
  },
];

const REVIEW: ApiEndpoint[] = [
  {
    method: 'POST', path: '/review/tasks', operationId: 'createReviewTask', tag: 'review',
    summary: 'Create a physician review task; its decision is POSTed to callbackUrl. Idempotent per callbackId.',
    request: { schema: 'ReviewTaskCreate' },
    responses: { 201: { description: 'created', schema: 'ReviewTask' }, 200: { description: 'a task already exists for this callbackId', schema: 'ReviewTask' }, 400: problem('invalid task'), 415: problem('not JSON'), 422: problem('callbackUrl is on a host the outbound allowlist refuses (not contacted)') },
  },
  {
    method: 'GET', path: '/review/tasks', operationId: 'listReviewTasks', tag: 'review', summary: 'List review tasks, optionally by status',
    parameters: [{ name: 'status', in: 'query', description: 'pending | decided | delivered | delivery-failed' }],
    responses: { 200: { description: 'tasks', schema: 'ReviewTaskList' }, 400: problem('unknown status') },
  },
  {
    method: 'GET', path: '/review/tasks/:id', operationId: 'getReviewTask', tag: 'review', summary: 'One review task with its decision and delivery attempts',
    parameters: [idParam('review task')], responses: { 200: { description: 'the task', schema: 'ReviewTask' }, 404: problem('no such task') },
  },
  {
    method: 'POST', path: '/review/tasks/:id/decision', operationId: 'decideReviewTask', tag: 'review',
    summary: 'Decide a task (as the physician); the decision is delivered to its callbackUrl',
    parameters: [idParam('review task')], request: { schema: 'ReviewDecisionInput' },
    responses: { 200: { description: 'decided and delivered (see deliveries)', schema: 'ReviewTask' }, 400: problem('invalid decision'), 404: problem('no such task'), 409: problem('already decided') },
  },
];

const modelError = (description: string) => ({ description: `${description} (error name in x-amzn-ErrorType)`, schema: 'ModelError', contentType: 'application/json' });

/** What Converse and ConverseStream share: the model in the path, the request, the errors answered before any output. */
const CONVERSE_INPUT = {
  parameters: [{ name: 'modelId', in: 'path' as const, description: 'a configured model profile, e.g. anthropic.claude-3-5-sonnet-20240620-v1:0' }],
  request: { schema: 'ConverseRequest', contentType: 'application/json' },
};
const MODEL_ERROR_RESPONSES = {
  400: modelError('ValidationException: invalid request, unknown model, maxTokens over the model limit, or input past the context window'),
  408: modelError('ModelTimeoutException (injected, or the simulated latency passed the profile timeout)'),
  429: modelError('ThrottlingException or ModelNotReadyException (injected)'),
  500: modelError('InternalServerException (injected)'),
  503: modelError('ServiceUnavailableException (injected)'),
};

const MODEL: ApiEndpoint[] = [
  {
    method: 'POST', path: '/model/:modelId/converse', operationId: 'modelConverse', tag: 'model',
    summary: 'Amazon Bedrock Runtime Converse: answers the orchestrator agents\' prompts from the synthetic panel\'s ground truth, with token usage and simulated latency; every call goes in the token ledger',
    ...CONVERSE_INPUT,
    responses: {
      200: { description: 'the model\'s message (toolUse or text), stopReason, usage, metrics', schema: 'ConverseResponse' },
      ...MODEL_ERROR_RESPONSES,
    },
  },
  {
    method: 'POST', path: '/model/:modelId/converse-stream', operationId: 'modelConverseStream', tag: 'model',
    summary: 'Amazon Bedrock Runtime ConverseStream: the same answer as Converse, as AWS event-stream frames (messageStart, contentBlockStart, contentBlockDelta, contentBlockStop, messageStop, metadata), each sent when the simulated model produces it; recorded in the token ledger when the stream starts',
    ...CONVERSE_INPUT,
    responses: {
      200: { description: 'the event stream (binary AWS event-stream framing, CRC-32 checked)', contentType: 'application/vnd.amazon.eventstream' },
      ...MODEL_ERROR_RESPONSES,
    },
  },
];

const ADMIN: ApiEndpoint[] = [
  { method: 'GET', path: '/openapi.json', operationId: 'getOpenApi', tag: 'meta', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } },
  { method: 'GET', path: '/__admin/ledger', operationId: 'getLedger', tag: 'admin', summary: 'Claims, duplicates, notifications and review tasks per business key', responses: { 200: { description: 'the ledger', schema: 'Ledger' } } },
  { method: 'POST', path: '/__admin/reset', operationId: 'reset', tag: 'admin', summary: 'Rebuild all state from the seed; pending timers are cancelled', responses: { 200: { description: 'reset', schema: 'ResetResult' } } },
  { method: 'GET', path: '/__admin/clock', operationId: 'getClock', tag: 'admin', summary: 'The simulator clock', responses: { 200: { description: 'now', schema: 'ClockState' } } },
  {
    method: 'POST', path: '/__admin/clock/advance', operationId: 'advanceClock', tag: 'admin', summary: 'Advance the virtual clock (or the demo\'s adjustable one), firing everything due (pended decisions, reviews, notifications)',
    request: { schema: 'ClockAdvance' }, responses: { 200: { description: 'new time', schema: 'ClockState' }, 400: problem('invalid amount, or the clock is not virtual'), 409: problem('the clock follows npm start\'s shared time line: move it through the supervisor') },
  },
  {
    method: 'POST', path: '/__admin/clock/set', operationId: 'setClock', tag: 'admin', summary: 'Move the virtual clock forward to an instant',
    request: { schema: 'ClockSet' }, responses: { 200: { description: 'new time', schema: 'ClockState' }, 400: problem('invalid instant, in the past, or the clock is not virtual') },
  },
  { method: 'GET', path: '/__admin/clock/speed', operationId: 'getClockSpeed', tag: 'admin', summary: "The clock's speed (simulated seconds per real second; null when fixed)", responses: { 200: { description: 'speed', schema: 'ClockSpeedState' } } },
  {
    method: 'POST', path: '/__admin/clock/speed', operationId: 'setClockSpeed', tag: 'admin', summary: "Change the demo clock's speed (npm start's adjustable clock)",
    request: { schema: 'ClockSpeed' }, responses: { 200: { description: 'new speed', schema: 'ClockSpeedState' }, 400: problem('invalid factor, or the clock has a fixed speed'), 409: problem('the clock follows npm start\'s shared time line: change it through the supervisor') },
  },
  {
    method: 'GET', path: '/__admin/review/tasks', operationId: 'adminListReviewTasks', tag: 'admin', summary: 'The review task list of GET /review/tasks, kept out of the request journal (for dashboards that read it often)',
    parameters: [{ name: 'status', in: 'query', description: 'pending | decided | delivered | delivery-failed' }],
    responses: { 200: { description: 'tasks', schema: 'ReviewTaskList' }, 400: problem('unknown status') },
  },
  { method: 'POST', path: '/__admin/faults', operationId: 'armFault', tag: 'admin', summary: 'Arm a fault rule (same id replaces it)', request: { schema: 'FaultRule' }, responses: { 201: { description: 'armed', schema: 'ArmedFault' }, 400: problem('invalid rule: errors[].path names the field') } },
  { method: 'GET', path: '/__admin/faults', operationId: 'listFaults', tag: 'admin', summary: 'Armed fault rules with matched/fired counts', responses: { 200: { description: 'rules', schema: 'ArmedFaultList' } } },
  { method: 'DELETE', path: '/__admin/faults/:id', operationId: 'disarmFault', tag: 'admin', summary: 'Disarm one rule', parameters: [idParam('fault rule')], responses: { 204: { description: 'disarmed' }, 404: problem('no such rule') } },
  { method: 'DELETE', path: '/__admin/faults', operationId: 'disarmAllFaults', tag: 'admin', summary: 'Disarm every rule', responses: { 204: { description: 'disarmed' } } },
  {
    method: 'GET', path: '/__admin/journal', operationId: 'getJournal', tag: 'admin', summary: 'Request journal (every request, response and injected fault; bounded), filtered',
    parameters: ['system', 'method', 'path', 'status', 'fault', 'since', 'limit', 'format'].map((name) => ({ name, in: 'query' as const, description: name })),
    responses: { 200: { description: 'entries', schema: 'JournalPage' }, 400: problem('invalid filter') },
  },
  {
    method: 'POST', path: '/__admin/scenario', operationId: 'loadScenario', tag: 'admin', summary: 'Switch to a bundled scenario (by name) or an inline one; resets state, keeps the clock',
    request: { schema: 'LoadScenario' }, responses: { 200: { description: 'loaded', schema: 'LoadedScenario' }, 400: problem('unknown name or invalid scenario (errors[].path names the field)') },
  },
  { method: 'GET', path: '/__admin/scenario', operationId: 'getScenario', tag: 'admin', summary: 'The scenario loaded last', responses: { 200: { description: 'scenario or name null', schema: 'CurrentScenario' } } },
  { method: 'GET', path: '/__admin/claims', operationId: 'listClaims', tag: 'admin', summary: "The payer's claims with their review actions", responses: { 200: { description: 'claims', schema: 'ClaimList' } } },
  {
    method: 'POST', path: '/__admin/claims/:id/release', operationId: 'releaseClaim', tag: 'admin', summary: 'Decide a pended claim now with a chosen decision (subscribers are notified)',
    parameters: [idParam('claim (or its Claim.identifier value)')], request: { schema: 'ReleaseClaim' },
    responses: { 200: { description: 'released', schema: 'ClaimView' }, 400: problem('invalid decision'), 404: problem('no such claim'), 409: problem('nothing pended') },
  },
  {
    method: 'GET', path: '/__admin/model/ledger', operationId: 'getModelLedger', tag: 'admin', summary: 'Token ledger: model calls with tokens, cost and outcome (completed, faulted, lost-after-spend), totals per execution and agent',
    parameters: [{ name: 'execution', in: 'query', description: 'only this execution id' }],
    responses: { 200: { description: 'the ledger', schema: 'ModelLedger' } },
  },
  { method: 'GET', path: '/__admin/journal.ndjson', operationId: 'getJournalNdjson', tag: 'admin', summary: 'Request journal as NDJSON', responses: { 200: { description: 'one entry per line', contentType: 'application/x-ndjson' }, 400: problem('invalid filter') } },
];

export const ENDPOINTS: readonly ApiEndpoint[] = [...EHR, ...PAYER, ...REVIEW, ...MODEL, ...ADMIN, ...AUTH_ENDPOINTS];

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of the simulator (built once, then cached). */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApi({
    title: 'prior-auth-sim',
    version: '0.1.0',
    description: 'Deterministic payer (Da Vinci PAS-shaped), EHR (FHIR R4 / US Core), physician-review and model (Bedrock Converse-shaped) simulator. FHIR routes answer errors with OperationOutcome; the model route with Bedrock error shapes; other routes with RFC 9457 problem JSON.',
    endpoints: ENDPOINTS,
    schemas: NAMED_SCHEMAS,
    securitySchemes: SECURITY_SCHEMES,
    security: endpointSecurity,
  });
  return cached;
}

/**
 * `POST /payer/fhir/Claim/$submit`: Idempotency-Key handling around validation, business-key
 * deduplication and adjudication. A key is marked in flight before the handler's first await,
 * so a concurrent duplicate sees it and gets 409. Every duplicate is counted in the ledger.
 */
import { PasRequestBundleSchema } from '../contracts/pas.js';
import type { PayerConfig } from '../contracts/payer-config.js';
import type { SimulatorContext } from '../core/engine.js';
import { badRequest, conflict, FHIR_JSON, OperationOutcomeError, outcome, unprocessable } from '../core/operation-outcome.js';
import type { RouteHandler, SimRequest } from '../core/router.js';
import { textResponse } from '../core/held-body.js';
import { isSupportedCode } from './adjudicator.js';
import { identifierKey, isPended, type ClaimStore } from './claim-store.js';
import { fingerprint, fingerprintOf, type IdempotencyStore, type ResponseSource, type StoredResponse } from './idempotency-store.js';
import { buildResponseBundle } from './response-builder.js';
import { validateSubmission } from './submission-validator.js';
import { clientOf } from './client-identity.js';
import { substanceFingerprint } from './request-substance.js';

interface Deps {
  ctx: SimulatorContext;
  config: PayerConfig;
  claims: ClaimStore;
  keys: IdempotencyStore;
}


/** Best-effort business key of a body we will not process (for counting a 409 duplicate). */
async function peekBusinessKey(req: SimRequest): Promise<string | undefined> {
  try {
    const body = JSON.parse(await req.text()) as { entry?: { resource?: { identifier?: { system?: string; value?: string }[] } }[] };
    return identifierKey(body.entry?.[0]?.resource?.identifier?.[0]);
  } catch {
    return undefined;
  }
}

/** One object for every stored response: an idempotency record lives for a day, its headers need not be copied. */
const headers: Readonly<Record<string, string>> = Object.freeze({ 'content-type': `${FHIR_JSON}; charset=utf-8` });

/** The fingerprint of the body as sent: from the parse `json()` already made when there was one. */
async function bodyFingerprint(req: SimRequest): Promise<string> {
  const parsed = req.parsedBody?.();
  return parsed === undefined ? fingerprint(await req.text()) : fingerprintOf(parsed);
}

const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function respond(stored: StoredResponse, extra: Record<string, string> = {}): Response {
  // held as text: the transport sends the string, no body stream is built
  return textResponse(stored.body, { status: stored.status, headers: { ...stored.headers, ...extra } });
}

async function process(req: SimRequest, { ctx, config, claims }: Deps): Promise<{ businessKey: string; stored: StoredResponse; source?: ResponseSource }> {
  if (config.submitDelayMs > 0) await realDelay(config.submitDelayMs);
  const bundle = await req.json(PasRequestBundleSchema, 'Bundle');
  const submission = validateSubmission(bundle);
  const client = clientOf(req.request);
  const print = substanceFingerprint(submission);
  const found = claims.findByIdentifiers([bundle.identifier, ...submission.claim.identifier], client);
  if (found && found.claim.fingerprint !== print) {
    // never answer with the claim the identifier belongs to: it may be another patient's
    const path = found.matched === 0 ? 'Bundle.identifier' : `Claim.identifier[${found.matched - 1}]`;
    throw new OperationOutcomeError(outcome('duplicate', `${path}: this identifier was already used for a different request (prior authorization ${found.claim.businessKey}); give a new request its own Bundle.identifier and Claim.identifier, and resend a request unchanged to get its answer again`, [path]), 409);
  }
  const existing = found?.claim;
  if (existing) {
    ctx.ledger.recordDuplicate(existing.businessKey, 'business-identifier');
    existing.decisions.forEach((_, i) => claims.resolveDue(existing, i));
    const body = JSON.stringify(buildResponseBundle(existing, config, req.origin, ctx.clock.now()));
    return { businessKey: existing.businessKey, stored: { status: 200, body, headers } };
  }
  const unsupported = submission.items.find((item) => !isSupportedCode(item.coding.code, config));
  if (unsupported) {
    throw unprocessable(`${unsupported.path}: ${unsupported.coding.code} has no coverage policy at this payer, so it cannot be adjudicated (see GET /payer/policies/{code}; covered: 72148, 27447, 95810, 1991302)`, unsupported.path);
  }
  const claim = claims.create(submission, { client, fingerprint: print });
  ctx.ledger.recordClaim(claim.businessKey, claim.id);
  const at = ctx.clock.now();
  const body = JSON.stringify(buildResponseBundle(claim, config, req.origin, at));
  // a claim with nothing pended never changes again: its answer can be rendered again on replay
  const source = isPended(claim) ? undefined : { claimId: claim.id, version: claim.version, origin: req.origin, at };
  return { businessKey: claim.businessKey, stored: { status: 200, body, headers }, ...(source ? { source } : {}) };
}

export function createSubmitHandler(deps: Deps): RouteHandler {
  const { ctx, config, keys } = deps;
  return async (req) => {
    const key = req.request.headers.get('idempotency-key') ?? undefined;
    const scope = clientOf(req.request);
    if (key === undefined) {
      if (config.requireIdempotencyKey) throw badRequest('Idempotency-Key header is required by this payer: send one unique key per authorization request and reuse it on every retry', 'Idempotency-Key');
      return respond((await process(req, deps)).stored);
    }
    if (key.trim() === '' || key.length > 255) throw badRequest('Idempotency-Key must be 1–255 characters', 'Idempotency-Key');
    const record = keys.get(scope, key);
    if (record?.state === 'in-flight') {
      ctx.ledger.recordDuplicate((await peekBusinessKey(req)) ?? `idempotency-key:${key}`, 'idempotency-key-in-flight');
      throw new OperationOutcomeError(conflict(`Idempotency-Key "${key}": the first request with this key is still being processed; retry later`).outcome, 409, { 'retry-after': '1' });
    }
    if (record?.state === 'done') {
      if (fingerprint(await req.text()) === record.fingerprint) {
        ctx.ledger.recordDuplicate(record.businessKey, 'idempotency-key-replay');
        return respond(record.response, { 'idempotent-replayed': 'true' });
      }
      ctx.ledger.recordDuplicate(record.businessKey, 'idempotency-key-conflict');
      throw unprocessable(`Idempotency-Key "${key}" was already used with a different payload (for ${record.businessKey}); use a new key for a new request`, 'Idempotency-Key');
    }
    keys.begin(scope, key);
    try {
      const result = await process(req, deps);
      keys.finish(scope, key, await bodyFingerprint(req), result.businessKey, result.stored, result.source);
      return respond(result.stored);
    } catch (err) {
      keys.abandon(scope, key);
      throw err;
    }
  };
}

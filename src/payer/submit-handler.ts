/**
 * `POST /payer/fhir/Claim/$submit`: Idempotency-Key handling around validation, business-key
 * deduplication and adjudication. A key is marked in flight before the handler's first await,
 * so a concurrent duplicate sees it and gets 409. Every duplicate is counted in the ledger.
 */
import { createHash } from 'node:crypto';
import { PasRequestBundleSchema } from '../contracts/pas.js';
import type { PayerConfig } from '../contracts/payer-config.js';
import type { SimulatorContext } from '../core/engine.js';
import { badRequest, conflict, FHIR_JSON, OperationOutcomeError, unprocessable } from '../core/operation-outcome.js';
import type { RouteHandler, SimRequest } from '../core/router.js';
import { isSupportedCode } from './adjudicator.js';
import { identifierKey, type ClaimStore } from './claim-store.js';
import { fingerprint, type IdempotencyStore, type StoredResponse } from './idempotency-store.js';
import { buildResponseBundle } from './response-builder.js';
import { validateSubmission } from './submission-validator.js';
import { clientIdOf } from '../auth/client-id.js';

interface Deps {
  ctx: SimulatorContext;
  config: PayerConfig;
  claims: ClaimStore;
  keys: IdempotencyStore;
}

/**
 * Idempotency keys are scoped per client: the SMART client id when auth is on (a refreshed token
 * keeps the scope), else the Authorization credential (hashed), X-Client-Id, or anonymous.
 */
export function clientScope(headers: Headers, authenticatedClientId?: string): string {
  if (authenticatedClientId) return `smart:${authenticatedClientId}`;
  const auth = headers.get('authorization');
  if (auth) return `auth:${createHash('sha256').update(auth).digest('hex').slice(0, 16)}`;
  return `client:${headers.get('x-client-id') ?? 'anonymous'}`;
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

const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function respond(stored: StoredResponse, extra: Record<string, string> = {}): Response {
  return new Response(stored.body, { status: stored.status, headers: { ...stored.headers, ...extra } });
}

async function process(req: SimRequest, { ctx, config, claims }: Deps): Promise<{ businessKey: string; stored: StoredResponse }> {
  if (config.submitDelayMs > 0) await realDelay(config.submitDelayMs);
  const bundle = await req.json(PasRequestBundleSchema, 'Bundle');
  const submission = validateSubmission(bundle);
  const headers = { 'content-type': `${FHIR_JSON}; charset=utf-8` };
  const existing = claims.findByIdentifiers([bundle.identifier, ...submission.claim.identifier]);
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
  const claim = claims.create(submission);
  ctx.ledger.recordClaim(claim.businessKey, claim.id);
  const body = JSON.stringify(buildResponseBundle(claim, config, req.origin, ctx.clock.now()));
  return { businessKey: claim.businessKey, stored: { status: 200, body, headers } };
}

export function createSubmitHandler(deps: Deps): RouteHandler {
  const { ctx, config, keys } = deps;
  return async (req) => {
    const key = req.request.headers.get('idempotency-key') ?? undefined;
    const scope = clientScope(req.request.headers, clientIdOf(req));
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
      keys.finish(scope, key, fingerprint(await req.text()), result.businessKey, result.stored);
      return respond(result.stored);
    } catch (err) {
      keys.abandon(scope, key);
      throw err;
    }
  };
}

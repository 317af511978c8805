/**
 * The simulator's API as a contract: one check per behaviour a client relies on, each response
 * parsed with its zod contract. The checks run against any target — the simulator in-process,
 * over HTTP, through msw, or a team's own payer sandbox — so they live here, in shipped code:
 * `prior-auth-sim contract --base-url URL` and the repository's jest suites run the same list.
 */
import { z } from 'zod';
import { ClockStateSchema, LedgerSchema, ResetResultSchema } from '../../contracts/admin.js';
import { CapabilityStatementSchema, EhrResourceSchema, EverythingBundleSchema, ObservationSearchsetSchema, PatientSearchsetSchema } from '../../contracts/ehr.js';
import { OperationOutcomeSchema, ProblemSchema } from '../../contracts/fhir-base.js';
import { PasResponseBundleSchema } from '../../contracts/pas.js';
import { CoveragePolicySchema } from '../../contracts/policy.js';
import { ReviewTaskListSchema, ReviewTaskSchema } from '../../contracts/review.js';
import { SubscriptionSchema } from '../../contracts/subscription.js';
import { meetsCriteria, pasBundle } from '../../payer/testing/pas-fixtures.js';
import { inquiryBundleFor } from '../test-client.js';
import type { ContractTarget } from './contract-target.js';

export interface ContractCheckOptions {
  /** The target's request body limit, for the 413 check. Default 1 MiB (the simulator's default). */
  bodyLimitBytes?: number;
}

export interface ContractCheck {
  /** Stable kebab-case id (`--only` takes these). */
  readonly id: string;
  readonly system: 'ehr' | 'payer' | 'review' | 'admin' | 'api';
  readonly title: string;
  /** `admin`: needs the simulator's admin API (skipped against other implementations). */
  readonly needs?: 'admin';
  run(target: ContractTarget, options: ContractCheckOptions): Promise<void>;
}

/** A failed expectation: its message is what the conformance table prints. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/** Reads a body we do not need to the end: cancelling the stream can stall under msw's interception. */
const discard = (res: Response) => res.arrayBuffer().then(() => undefined, () => undefined);

function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractViolation(message);
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ContractViolation(`${what}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

const FHIR = { 'content-type': 'application/fhir+json' };
const JSON_BODY = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function json(t: ContractTarget, path: string, init?: RequestInit) {
  const res = await t.fetch(path, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ContractViolation(`${init?.method ?? 'GET'} ${path}: answered ${res.status} with a body that is not JSON`);
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body };
}

/**
 * Identifiers unique per check run: the suite may run again and again against one long-lived
 * server, whose payer deduplicates business identifiers and review task callback ids.
 */
const unique = () => globalThis.crypto.randomUUID().slice(0, 8);
const reviewTask = () => ({ callbackId: `contract-cb-${unique()}`, executionId: 'contract', letter: { subject: 's', body: 'b' }, callbackUrl: 'http://127.0.0.1:9/cb' });
const uniqueBundle = (o: Parameters<typeof pasBundle>[0] = {}) => {
  const id = unique();
  return pasBundle({ bundleId: `CONTRACT-TX-${id}`, claimId: `CONTRACT-CLM-${id}`, ...o });
};

export const CONTRACT_CHECKS: readonly ContractCheck[] = [
  {
    id: 'ehr-reads',
    system: 'ehr',
    title: 'metadata, Patient search and read, Observation search, $everything paging, 404 OperationOutcome',
    async run(t) {
      parse(CapabilityStatementSchema, (await json(t, '/ehr/fhir/metadata')).body, 'GET /ehr/fhir/metadata');
      const patients = await json(t, '/ehr/fhir/Patient?_count=5');
      expectThat(/application\/fhir\+json/.test(patients.type), `GET /ehr/fhir/Patient: content-type ${patients.type || '(none)'}, expected application/fhir+json`);
      const page = parse(PatientSearchsetSchema, patients.body, 'GET /ehr/fhir/Patient');
      const id = page.entry?.[0]?.resource.id;
      expectThat(id, 'GET /ehr/fhir/Patient: the searchset has no patient');
      parse(EhrResourceSchema, (await json(t, `/ehr/fhir/Patient/${id}`)).body, `GET /ehr/fhir/Patient/${id}`);
      parse(ObservationSearchsetSchema, (await json(t, `/ehr/fhir/Observation?patient=${id}&category=laboratory`)).body, 'GET /ehr/fhir/Observation');
      const everything = parse(EverythingBundleSchema, (await json(t, `/ehr/fhir/Patient/${id}/$everything?_count=3`)).body, 'GET $everything');
      expectThat(everything.link.some((l) => l.relation === 'next'), '$everything?_count=3: no link with relation "next"');
      const missing = await json(t, '/ehr/fhir/Patient/nobody');
      expectThat(missing.status === 404, `GET /ehr/fhir/Patient/nobody: ${missing.status}, expected 404`);
      parse(OperationOutcomeSchema, missing.body, 'the 404 body');
    },
  },
  {
    id: 'payer-submit-inquire',
    system: 'payer',
    title: 'metadata, coverage policy, Claim/$submit with Idempotency-Key, Claim/$inquire, 400 with the field path',
    async run(t) {
      const meta = await json(t, '/payer/fhir/metadata');
      expectThat((meta.body as { resourceType?: unknown } | undefined)?.resourceType === 'CapabilityStatement', 'GET /payer/fhir/metadata: not a CapabilityStatement');
      parse(CoveragePolicySchema, (await json(t, '/payer/policies/72148')).body, 'GET /payer/policies/72148');
      parse(ProblemSchema, (await json(t, '/payer/policies/00000')).body, 'GET /payer/policies/00000 (unknown code)');
      const request = uniqueBundle({ procedure: 'totalKnee', evidence: meetsCriteria('totalKnee') });
      const submitted = await json(t, '/payer/fhir/Claim/$submit', { method: 'POST', headers: { ...FHIR, 'idempotency-key': `contract-${request.identifier.value}` }, body: JSON.stringify(request) });
      expectThat(submitted.status === 200, `POST Claim/$submit: ${submitted.status}, expected 200`);
      parse(PasResponseBundleSchema, submitted.body, 'the $submit response');
      const inquired = await json(t, '/payer/fhir/Claim/$inquire', { method: 'POST', headers: FHIR, body: JSON.stringify(inquiryBundleFor(request)) });
      parse(PasResponseBundleSchema, inquired.body, 'the $inquire response');
      const invalid = await json(t, '/payer/fhir/Claim/$submit', { method: 'POST', headers: FHIR, body: JSON.stringify({ ...request, type: 'batch' }) });
      expectThat(invalid.status === 400, `$submit of a Bundle of type batch: ${invalid.status}, expected 400`);
      const expression = parse(OperationOutcomeSchema, invalid.body, 'the 400 body').issue[0]?.expression?.[0];
      expectThat(expression?.startsWith('Bundle.type'), `the 400 OperationOutcome names ${expression ?? 'no path'}, expected Bundle.type`);
    },
  },
  {
    id: 'payer-idempotency',
    system: 'payer',
    title: 'same Idempotency-Key and payload replays the first response; same key, other payload is 422',
    async run(t) {
      const request = uniqueBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') });
      const key = `contract-idem-${request.identifier.value}`;
      const send = (body: unknown) => t.fetch('/payer/fhir/Claim/$submit', { method: 'POST', headers: { ...FHIR, 'idempotency-key': key }, body: JSON.stringify(body) });
      const first = await send(request);
      const firstBody = await first.text();
      expectThat(first.status === 200, `first $submit: ${first.status}, expected 200`);
      const replay = await send(request);
      const replayBody = await replay.text();
      expectThat(replay.status === 200, `replayed $submit: ${replay.status}, expected 200`);
      expectThat(replay.headers.get('idempotent-replayed') === 'true', 'replayed $submit: no Idempotent-Replayed: true header');
      expectThat(replayBody === firstBody, 'replayed $submit: the body differs from the first response');
      const other = await send(uniqueBundle({ procedure: 'lumbarMri', quantity: 2 }));
      await discard(other);
      expectThat(other.status === 422, `same key, different payload: ${other.status}, expected 422`);
    },
  },
  {
    id: 'payer-subscription',
    system: 'payer',
    title: 'rest-hook Subscription create (handshake to an unreachable endpoint → error status), read, delete',
    async run(t) {
      const created = await json(t, '/payer/fhir/Subscription', {
        method: 'POST', headers: FHIR,
        body: JSON.stringify({ resourceType: 'Subscription', status: 'requested', reason: 'contract test', criteria: 'http://prior-auth-sim.dev/SubscriptionTopic/pas-claim-decision', channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/hook', payload: 'application/fhir+json' } }),
      });
      if (created.status === 400 && (created.body as { issue?: { code?: string }[] } | undefined)?.issue?.[0]?.code === 'not-supported') return; // a payer without webhooks
      expectThat(created.status === 201, `POST Subscription: ${created.status}, expected 201 (or 400 not-supported without webhooks)`);
      const sub = parse(SubscriptionSchema, created.body, 'the created Subscription');
      expectThat(sub.status === 'error', `Subscription with an unreachable endpoint: status ${sub.status}, expected error`);
      parse(SubscriptionSchema, (await json(t, `/payer/fhir/Subscription/${sub.id}`)).body, 'GET Subscription');
      const deleted = await t.fetch(`/payer/fhir/Subscription/${sub.id}`, { method: 'DELETE' });
      await discard(deleted);
      expectThat(deleted.status === 200, `DELETE Subscription: ${deleted.status}, expected 200`);
    },
  },
  {
    id: 'review-tasks',
    system: 'review',
    title: 'create a review task, read it, list pending tasks',
    async run(t) {
      const created = await json(t, '/review/tasks', JSON_BODY(reviewTask()));
      expectThat(created.status === 201, `POST /review/tasks: ${created.status}, expected 201`);
      const task = parse(ReviewTaskSchema, created.body, 'the created task');
      parse(ReviewTaskSchema, (await json(t, `/review/tasks/${task.id}`)).body, 'GET /review/tasks/{id}');
      parse(ReviewTaskListSchema, (await json(t, '/review/tasks?status=pending')).body, 'GET /review/tasks?status=pending');
    },
  },
  {
    id: 'bad-input',
    system: 'api',
    title: '404 and 405 as problem JSON; oversized, malformed, mistyped and empty bodies → 413, 400, 415, 400',
    async run(t, o) {
      const missing = await t.fetch('/nowhere');
      await discard(missing);
      expectThat(missing.status === 404, `GET /nowhere: ${missing.status}, expected 404`);
      expectThat(/problem\+json/.test(missing.headers.get('content-type') ?? ''), 'GET /nowhere: not application/problem+json');
      const wrong = await t.fetch('/review/tasks', { method: 'DELETE' });
      await discard(wrong);
      expectThat(wrong.status === 405, `DELETE /review/tasks: ${wrong.status}, expected 405`);
      const big = await t.fetch('/review/tasks', JSON_BODY({ pad: 'x'.repeat((o.bodyLimitBytes ?? 1024 * 1024) + 1024) }));
      await discard(big);
      expectThat(big.status === 413, `a body over the limit: ${big.status}, expected 413`);
      const malformed = await json(t, '/review/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
      expectThat(malformed.status === 400, `malformed JSON: ${malformed.status}, expected 400`);
      expectThat(/not valid JSON/.test(parse(ProblemSchema, malformed.body, 'the 400 body').detail ?? ''), 'malformed JSON: the problem detail does not say "not valid JSON"');
      const typed = await t.fetch('/review/tasks', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
      await discard(typed);
      expectThat(typed.status === 415, `text/plain body: ${typed.status}, expected 415`);
      const empty = await t.fetch('/review/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
      await discard(empty);
      expectThat(empty.status === 400, `empty JSON body: ${empty.status}, expected 400`);
    },
  },
  {
    id: 'openapi',
    system: 'api',
    title: 'GET /openapi.json serves an OpenAPI 3.1 document',
    async run(t) {
      const doc = await json(t, '/openapi.json');
      expectThat(doc.status === 200, `GET /openapi.json: ${doc.status}, expected 200`);
      expectThat((doc.body as { openapi?: unknown } | undefined)?.openapi === '3.1.0', 'GET /openapi.json: openapi is not 3.1.0');
    },
  },
  {
    id: 'admin-clock',
    system: 'admin',
    needs: 'admin',
    title: 'virtual clock: read, advance, set; moving it backwards or by a malformed amount is 400 naming the field',
    async run(t) {
      const before = parse(ClockStateSchema, (await json(t, '/__admin/clock')).body, 'GET /__admin/clock');
      if (before.kind !== 'virtual') throw new ContractViolation(`the clock is ${before.kind}: start the target with --clock virtual for this check`);
      const after = parse(ClockStateSchema, (await json(t, '/__admin/clock/advance', JSON_BODY({ seconds: 3600 }))).body, 'POST /__admin/clock/advance');
      expectThat(Date.parse(after.now) - Date.parse(before.now) === 3_600_000, 'advancing by 3600 s did not move the clock by an hour');
      const target = new Date(Date.parse(after.now) + 86_400_000).toISOString();
      const set = parse(ClockStateSchema, (await json(t, '/__admin/clock/set', JSON_BODY({ now: target }))).body, 'POST /__admin/clock/set');
      expectThat(set.now === target, `clock/set to ${target} reads ${set.now}`);
      const back = await json(t, '/__admin/clock/set', JSON_BODY({ now: '2000-01-01T00:00:00Z' }));
      expectThat(back.status === 400, `setting the clock backwards: ${back.status}, expected 400`);
      expectThat(parse(ProblemSchema, back.body, 'the 400 body').errors?.[0]?.path === 'body.now', 'setting the clock backwards: the problem does not name body.now');
      const neg = await json(t, '/__admin/clock/advance', JSON_BODY({ seconds: -5 }));
      expectThat(neg.status === 400 && parse(ProblemSchema, neg.body, 'the 400 body').errors?.[0]?.path === 'body.seconds', 'advancing by -5 s: not a 400 naming body.seconds');
    },
  },
  {
    id: 'admin-reset',
    system: 'admin',
    needs: 'admin',
    title: 'POST /__admin/reset clears the ledger and the review tasks built by earlier requests',
    async run(t) {
      const created = await t.fetch('/review/tasks', JSON_BODY(reviewTask()));
      await discard(created);
      expectThat(created.status === 201, `POST /review/tasks: ${created.status}, expected 201`);
      const ledger = parse(LedgerSchema, (await json(t, '/__admin/ledger')).body, 'GET /__admin/ledger');
      expectThat(ledger.totals.reviewTasks >= 1, 'the ledger does not count the review task');
      parse(ResetResultSchema, (await json(t, '/__admin/reset', { method: 'POST', headers: { 'content-type': 'application/json' } })).body, 'POST /__admin/reset');
      expectThat(parse(LedgerSchema, (await json(t, '/__admin/ledger')).body, 'GET /__admin/ledger').totals.reviewTasks === 0, 'after reset the ledger still counts review tasks');
      expectThat(parse(ReviewTaskListSchema, (await json(t, '/review/tasks')).body, 'GET /review/tasks').tasks.length === 0, 'after reset review tasks remain');
    },
  },
];

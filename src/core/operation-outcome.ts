/**
 * Errors as data (after medplum's outcomes.ts): every simulator error is an OperationOutcome
 * built by one of these factories, thrown only inside an OperationOutcomeError, and turned into
 * a Response in exactly one place (`outcomeResponse`, used by the router's single catch).
 */
import type { z } from 'zod';
import { toFhirPath, type OperationOutcome, type OperationOutcomeIssue } from '../contracts/fhir-base.js';
import { textResponse } from './held-body.js';

type IssueCode = OperationOutcomeIssue['code'];

const STATUS_BY_CODE: Partial<Record<IssueCode, number>> = {
  invalid: 400, structure: 400, required: 400, value: 400, invariant: 400,
  'not-found': 404, 'not-supported': 400, duplicate: 409, conflict: 409,
  'business-rule': 422, login: 401, security: 403, forbidden: 403, 'too-costly': 413,
  throttled: 429, transient: 503, timeout: 504, exception: 500, processing: 422,
};

export function outcome(code: IssueCode, diagnostics: string, expression?: string[], severity: OperationOutcomeIssue['severity'] = 'error'): OperationOutcome {
  const issue: OperationOutcomeIssue = { severity, code, diagnostics };
  if (expression?.length) issue.expression = expression;
  return { resourceType: 'OperationOutcome', issue: [issue] };
}

/** An error carrying the OperationOutcome to send and the HTTP status to send it with. */
export class OperationOutcomeError extends Error {
  constructor(
    readonly outcome: OperationOutcome,
    readonly status: number = getStatus(outcome),
    readonly headers: Record<string, string> = {},
  ) {
    super(outcome.issue.map((i) => i.diagnostics ?? i.code).join('; '));
    this.name = 'OperationOutcomeError';
  }
}

export function getStatus(o: OperationOutcome): number {
  const first = o.issue.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? o.issue[0];
  return (first && STATUS_BY_CODE[first.code]) ?? 400;
}

export const badRequest = (diagnostics: string, expression?: string) =>
  new OperationOutcomeError(outcome('invalid', diagnostics, expression ? [expression] : undefined), 400);
export const notFound = (what: string) =>
  new OperationOutcomeError(outcome('not-found', `${what} not found`), 404);
export const methodNotAllowed = (method: string, path: string) =>
  new OperationOutcomeError(outcome('not-supported', `${method} is not supported on ${path}`), 405);
export const unsupportedMediaType = (got: string, expected: string) =>
  new OperationOutcomeError(outcome('not-supported', `Content-Type "${got}" is not supported: send ${expected}`), 415);
export const payloadTooLarge = (limit: number) =>
  new OperationOutcomeError(outcome('too-costly', `request body exceeds the ${limit}-byte limit`), 413);
export const conflict = (diagnostics: string) =>
  new OperationOutcomeError(outcome('conflict', diagnostics), 409);
export const unprocessable = (diagnostics: string, expression?: string) =>
  new OperationOutcomeError(outcome('business-rule', diagnostics, expression ? [expression] : undefined), 422);

/** A 400 listing every zod issue with its path rendered as a FHIRPath-like expression. */
export function fromZodError(root: string, error: z.ZodError): OperationOutcomeError {
  const issues: OperationOutcomeIssue[] = error.issues.slice(0, 20).map((i) => {
    const expr = toFhirPath(root, i.path);
    return { severity: 'error', code: i.code === 'invalid_type' && i.message.includes('undefined') ? 'required' : 'invalid', diagnostics: `${expr}: ${i.message}`, expression: [expr] };
  });
  return new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: issues }, 400);
}

/** Anything thrown → an OperationOutcomeError; unknown errors become a 500 "exception" without internals. */
export function normalizeError(err: unknown): OperationOutcomeError {
  if (err instanceof OperationOutcomeError) return err;
  return new OperationOutcomeError(outcome('exception', 'internal simulator error: see the server log'), 500);
}

export const FHIR_JSON = 'application/fhir+json';

export function fhirResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return textResponse(JSON.stringify(body), { status, headers: { 'content-type': `${FHIR_JSON}; charset=utf-8`, ...headers } });
}

/** A FHIR JSON answer whose body is already text (serialised once and kept, e.g. a claim's response Bundle). */
export function fhirTextResponse(text: string, status = 200, headers: Record<string, string> = {}): Response {
  return textResponse(text, { status, headers: { 'content-type': `${FHIR_JSON}; charset=utf-8`, ...headers } });
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return textResponse(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export function outcomeResponse(err: OperationOutcomeError): Response {
  return fhirResponse(err.outcome, err.status, err.headers);
}

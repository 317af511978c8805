/**
 * Errors of the runtime's public API as data: a status and an RFC 9457 problem body. Thrown
 * by the API object and converted to an HTTP response in exactly one place (http-api.ts).
 */

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
}

export class RuntimeProblem extends Error {
  override readonly name = 'RuntimeProblem';
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail);
  }
}

const make = (status: number, slug: string, title: string) => (detail: string) =>
  new RuntimeProblem({ type: `urn:durable-runtime:problem:${slug}`, title, status, detail });

export const badRequest = make(400, 'bad-request', 'Bad request');
export const notFound = make(404, 'not-found', 'Not found');
export const conflict = make(409, 'conflict', 'Conflict');
/**
 * AWS's answer to completing a callback that is no longer open (already completed, timed out,
 * or its execution ended): `CallbackTimeoutException`, HTTP 400. The local runtime answers the
 * same status so a caller written against one works against the other.
 */
export const CALLBACK_TIMEOUT_PROBLEM = { status: 400, slug: 'callback-timeout', title: 'CallbackTimeoutException' } as const;
export const callbackClosed = make(CALLBACK_TIMEOUT_PROBLEM.status, CALLBACK_TIMEOUT_PROBLEM.slug, CALLBACK_TIMEOUT_PROBLEM.title);
export const unauthorized = make(401, 'unauthorized', 'Unauthorized');
export const payloadTooLarge = make(413, 'payload-too-large', 'Payload too large');
export const unavailable = make(503, 'crashed', 'Runtime unavailable');

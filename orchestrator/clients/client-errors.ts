/**
 * The two kinds of failure a client call can end in, decided once where the HTTP call is made
 * (STYLE.md §4): `TransientError` — the same request may succeed later (network errors,
 * timeouts, 5xx, 408/429, an in-flight 409 from `$submit`, unreadable bodies) — and
 * `PermanentError` — resending it as is cannot help (other 4xx). Workflow steps retry only
 * what `isRetryable` accepts.
 */

export interface ClientErrorDetails {
  /** `GET /ehr/fhir/Patient/x`: what was called. */
  readonly operation: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** OperationOutcome diagnostics or problem `detail`s, when the server sent them. */
  readonly diagnostics?: readonly string[];
  readonly cause?: unknown;
}

export abstract class ClientError extends Error {
  abstract readonly retryable: boolean;
  readonly operation: string;
  readonly status?: number;
  readonly diagnostics: readonly string[];

  constructor(message: string, details: ClientErrorDetails) {
    super(`${details.operation}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = details.operation;
    this.status = details.status;
    this.diagnostics = details.diagnostics ?? [];
  }
}

/** Worth retrying, after `retryAfterSeconds` when the server said so (429/503 Retry-After). */
export class TransientError extends ClientError {
  readonly retryable = true;
  readonly retryAfterSeconds?: number;

  constructor(message: string, details: ClientErrorDetails & { retryAfterSeconds?: number }) {
    super(message, details);
    this.name = 'TransientError';
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** Do not resend as is: the request itself is wrong or refers to something that does not exist. */
export class PermanentError extends ClientError {
  readonly retryable = false;

  constructor(message: string, details: ClientErrorDetails) {
    super(message, details);
    this.name = 'PermanentError';
  }
}

/**
 * Whether a failed call may be retried. Anything that is not a `ClientError` (a bug, a
 * validation error in our own code) is not retryable: retrying cannot fix it.
 * @example if (!isRetryable(err)) throw err; // give up at once
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof ClientError && err.retryable;
}

/**
 * Retry strategies for durable steps: transient errors (network, 5xx, 429, 401, malformed
 * bodies) retry with exponential backoff, honouring the server's Retry-After; permanent ones
 * (other 4xx) fail at once. Pure functions of the error and the attempt: safe to replay.
 */
import type { RetryDecision } from '@aws/durable-execution-sdk-js';
import { isRetryable, TransientError } from './clients/client-errors.js';

export interface BackoffConfig {
  readonly maxAttempts: number;
  readonly initialSeconds: number;
  readonly maxSeconds: number;
}

export const DEFAULT_STEP_RETRY: BackoffConfig = { maxAttempts: 8, initialSeconds: 2, maxSeconds: 300 };

/** Delay before attempt `attempt + 1`: initial · 2^(attempt−1), capped. */
export function backoffSeconds(config: Pick<BackoffConfig, 'initialSeconds' | 'maxSeconds'>, attempt: number): number {
  return Math.min(config.maxSeconds, config.initialSeconds * 2 ** Math.max(0, attempt - 1));
}

/** @example ctx.step('submit', fn, { retryStrategy: retryTransient(DEFAULT_STEP_RETRY) }) */
export function retryTransient(config: BackoffConfig = DEFAULT_STEP_RETRY) {
  return (error: Error, attempt: number): RetryDecision => {
    if (!isRetryable(error) || attempt >= config.maxAttempts) return { shouldRetry: false };
    const retryAfter = error instanceof TransientError ? error.retryAfterSeconds : undefined;
    const seconds = Math.max(1, Math.ceil(retryAfter ?? backoffSeconds(config, attempt)));
    return { shouldRetry: true, delay: { seconds } };
  };
}

/**
 * The physician review system as the orchestrator sees it: create a review task whose decision
 * the review system POSTs to `callbackUrl` (completing the workflow's callback). Creation is
 * idempotent per callbackId on the server, so retrying `createTask` is safe.
 */
import { ReviewTaskSchema, type ReviewTask, type ReviewTaskCreate } from '../../src/contracts/review.js';
import { createHttpClient, type HttpClientConfig } from './http-client.js';

export interface ReviewClient {
  /** `created: false` when a task already existed for this callbackId (a retried or replayed step). */
  createTask(input: ReviewTaskCreate): Promise<{ task: ReviewTask; created: boolean }>;
  getTask(id: string): Promise<ReviewTask>;
}

/** @example await createReviewClient(cfg).createTask({ callbackId, executionId, letter, callbackUrl }) */
export function createReviewClient(config: HttpClientConfig): ReviewClient {
  const http = createHttpClient(config);
  return {
    async createTask(input) {
      const res = await http.call({ method: 'POST', path: '/review/tasks', body: input, schema: ReviewTaskSchema, mediaType: 'application/json' });
      return { task: res.data, created: res.status === 201 };
    },
    async getTask(id) {
      return (await http.call({ method: 'GET', path: `/review/tasks/${encodeURIComponent(id)}`, schema: ReviewTaskSchema, mediaType: 'application/json' })).data;
    },
  };
}

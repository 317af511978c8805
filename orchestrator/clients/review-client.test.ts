/** The review client against the real simulator: task creation is idempotent per callbackId. */
import { createSimulator } from '../../src/simulator.js';
import { PermanentError } from './client-errors.js';
import { createReviewClient } from './review-client.js';

const sim = createSimulator({ config: { seed: 1, outbound: { allowHosts: ['runtime.test'] } } });
const review = createReviewClient({ baseUrl: 'http://sim.test', fetch: (i, init) => sim.handle(new Request(i, init)), timeoutMs: 1000 });
const input = { callbackId: 'cb-1', executionId: 'ex-1', letter: { subject: 'Prior authorization', body: 'Dear reviewer' }, callbackUrl: 'http://runtime.test/callbacks/cb-1' };

describe('review client', () => {
  test('creates a task once per callbackId', async () => {
    const first = await review.createTask(input);
    expect(first).toMatchObject({ created: true, task: { callbackId: 'cb-1', status: 'pending' } });
    const again = await review.createTask(input);
    expect(again).toMatchObject({ created: false, task: { id: first.task.id } });
    await expect(review.getTask(first.task.id)).resolves.toMatchObject({ id: first.task.id });
  });

  test('an invalid task is permanent, with the problem detail', async () => {
    const err = await review.createTask({ ...input, callbackUrl: 'not a url' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).status).toBe(400);
  });
});

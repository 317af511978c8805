/**
 * Review tasks, keyed by task id and by callback id: creating a task twice for one callback (a
 * retried or replayed submitter) returns the first task instead of a second one. Tasks, with
 * their decisions and delivery attempts, live in a state table; the callback index is rebuilt.
 */
import type { ReviewTask, ReviewTaskCreate } from '../contracts/review.js';
import { createStateStore, type StateStore } from '../core/store/state-store.js';

export class ReviewTaskStore {
  private readonly byId;
  private readonly byCallback = new Map<string, string>();
  /** Per-task callback secrets, kept out of the task so no listing or read can return one (persisted: deliveries resume after a restart). */
  private readonly secrets;
  private seq = 0;

  constructor(store: StateStore = createStateStore()) {
    this.byId = store.table<ReviewTask>('review.tasks');
    this.secrets = store.table<string>('review.secrets');
    for (const task of this.byId.values()) this.byCallback.set(task.callbackId, task.id);
    this.seq = this.byId.size;
  }

  /** The task changed in place (decision, status, a delivery attempt): keep the change. */
  save(task: ReviewTask): void {
    this.byId.touch(task.id);
  }

  /** Returns the task and whether it was newly created. */
  create(input: ReviewTaskCreate, createdAt: string): { task: ReviewTask; created: boolean } {
    const existing = this.byCallback.get(input.callbackId);
    if (existing) return { task: this.byId.get(existing)!, created: false };
    this.seq += 1;
    const task: ReviewTask = {
      id: `rt-${String(this.seq).padStart(5, '0')}`,
      callbackId: input.callbackId,
      executionId: input.executionId,
      status: 'pending',
      createdAt,
      letter: input.letter,
      callbackUrl: input.callbackUrl,
      deliveries: [],
    };
    this.byId.set(task.id, task);
    this.byCallback.set(task.callbackId, task.id);
    if (input.callbackSecret) this.secrets.set(task.id, input.callbackSecret);
    return { task, created: true };
  }

  /** The secret deliveries of this task are signed with, if the creator gave one. */
  secretOf(id: string): string | undefined {
    return this.secrets.get(id);
  }

  get(id: string): ReviewTask | undefined {
    return this.byId.get(id);
  }

  list(status?: ReviewTask['status']): ReviewTask[] {
    const all = [...this.byId.values()];
    return status ? all.filter((t) => t.status === status) : all;
  }
}

/**
 * The physician review system: the orchestrator creates a review task (callback id, letter,
 * where to deliver the decision); a person, a test or the configured automatic reviewer
 * decides; the decision is POSTed to the task's callback URL. After a restart, automatic
 * decisions still due are re-armed from each task's creation time, and decided tasks whose
 * delivery had not succeeded are delivered again.
 */
import type { SystemFactory, SimulatorContext } from '../core/engine.js';
import { conflict, jsonResponse, notFound, badRequest, unprocessable } from '../core/operation-outcome.js';
import { outboundRefusal } from '../contracts/outbound.js';
import {
  ReviewDecisionInputSchema, ReviewTaskCreateSchema, ReviewTaskStatusSchema,
  type ReviewDecision, type ReviewDecisionInput, type ReviewTask,
} from '../contracts/review.js';
import { ReviewTaskStore } from './task-store.js';
import { createDecisionDelivery } from './decision-delivery.js';

export const createReview: SystemFactory = (ctx) => {
  const store = new ReviewTaskStore(ctx.store);
  const delivery = createDecisionDelivery(ctx, (t) => store.save(t), (id) => store.secretOf(id));
  const deliver = delivery.deliver;
  const iso = () => new Date(ctx.clock.now()).toISOString();
  // approve-twice: task id → when its second delivery is due (kept until it went out)
  const repeats = ctx.store.table<number>('review.repeats');

  async function decide(task: ReviewTask, input: ReviewDecisionInput): Promise<ReviewDecision> {
    const decision: ReviewDecision = {
      taskId: task.id, callbackId: task.callbackId, executionId: task.executionId,
      approved: input.approved, reviewer: input.reviewer, decidedAt: iso(),
      ...(input.reason ? { reason: input.reason } : {}),
    };
    task.decision = decision;
    task.status = 'decided';
    await deliver(task, decision);
    return decision;
  }

  const repeat = (task: ReviewTask, at: number) => {
    repeats.set(task.id, at);
    ctx.clock.setTimer(at, async () => {
      if (task.decision) await delivery.deliver(task, task.decision);
      repeats.delete(task.id);
    });
  };

  if (ctx.restored) {
    for (const task of store.list()) {
      if (task.status === 'pending') scheduleAutomaticDecision(ctx, task, decide, repeat, Date.parse(task.createdAt));
      else delivery.resume(task);
      const at = repeats.get(task.id);
      if (at !== undefined) repeat(task, at);
    }
  }

  return {
    name: 'review',
    routes: [
      {
        method: 'POST',
        path: '/review/tasks',
        handler: async (req) => {
          const input = await req.json(ReviewTaskCreateSchema);
          const refused = outboundRefusal(ctx.config.outbound, input.callbackUrl);
          if (refused) throw unprocessable(`body.callbackUrl: ${refused}`, 'body.callbackUrl');
          const { task, created } = store.create(input, iso());
          if (created) {
            ctx.ledger.recordReviewTask(task.executionId);
            scheduleAutomaticDecision(ctx, task, decide, repeat, ctx.clock.now());
          }
          return jsonResponse(task, created ? 201 : 200, { location: `/review/tasks/${task.id}` });
        },
      },
      ...['/review/tasks', '/__admin/review/tasks'].map((path) => ({
        // the /__admin twin is the same list, kept out of the request journal (the console reads it several times a second)
        method: 'GET' as const,
        path,
        handler: (req: { query: URLSearchParams }) => {
          const raw = req.query.get('status');
          const status = raw === null ? undefined : ReviewTaskStatusSchema.safeParse(raw);
          if (status && !status.success) throw badRequest(`status must be one of ${ReviewTaskStatusSchema.options.join(', ')}, got "${raw}"`, 'query.status');
          return jsonResponse({ tasks: store.list(status?.data) });
        },
      })),
      {
        method: 'GET',
        path: '/review/tasks/:id',
        handler: (req) => {
          const task = store.get(req.params.id!);
          if (!task) throw notFound(`review task ${req.params.id}`);
          return jsonResponse(task);
        },
      },
      {
        method: 'POST',
        path: '/review/tasks/:id/decision',
        handler: async (req) => {
          const task = store.get(req.params.id!);
          if (!task) throw notFound(`review task ${req.params.id}`);
          const input = await req.json(ReviewDecisionInputSchema);
          if (task.decision) throw conflict(`review task ${task.id} was already decided at ${task.decision.decidedAt}`);
          await decide(task, input);
          return jsonResponse(task);
        },
      },
    ],
  };
};

/** The automatic reviewer: acts on the clock per the configured behaviour, counting from `from` (the task's creation). */
function scheduleAutomaticDecision(
  ctx: SimulatorContext,
  task: ReviewTask,
  decide: (t: ReviewTask, d: ReviewDecisionInput) => Promise<ReviewDecision>,
  repeat: (t: ReviewTask, at: number) => void,
  from: number,
): void {
  const cfg = ctx.config.review;
  const at = (seconds: number) => from + seconds * 1000;
  const approve: ReviewDecisionInput = { approved: true, reviewer: cfg.reviewer };
  switch (cfg.behaviour) {
    case 'manual':
    case 'never':
      return;
    case 'approve':
      ctx.clock.setTimer(at(cfg.delaySeconds), () => decide(task, approve).then(() => undefined));
      return;
    case 'reject':
      ctx.clock.setTimer(at(cfg.delaySeconds), () => decide(task, { approved: false, reason: cfg.reason, reviewer: cfg.reviewer }).then(() => undefined));
      return;
    case 'approve-late':
      ctx.clock.setTimer(at(cfg.lateSeconds), () => decide(task, approve).then(() => undefined));
      return;
    case 'approve-twice':
      ctx.clock.setTimer(at(cfg.delaySeconds), async () => {
        await decide(task, approve);
        repeat(task, ctx.clock.now() + cfg.repeatAfterSeconds * 1000);
      });
      return;
  }
}

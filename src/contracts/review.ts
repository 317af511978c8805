/**
 * The physician review system's API: review tasks created by the orchestrator, decisions made
 * by a person or an automatic reviewer, and the decision delivered to the task's callback URL.
 */
import { z } from 'zod';
import { InstantSchema } from './fhir-base.js';

export const ReviewLetterSchema = z.object({
  subject: z.string().min(1).max(500),
  body: z.string().min(1).max(200_000),
  procedureCode: z.string().min(1).optional(),
  patientId: z.string().min(1).optional(),
});
export type ReviewLetter = z.infer<typeof ReviewLetterSchema>;

export const ReviewTaskCreateSchema = z.object({
  /** The orchestrator runtime's callback id: the decision completes exactly this wait. */
  callbackId: z.string().min(1).max(512),
  executionId: z.string().min(1).max(512),
  letter: ReviewLetterSchema,
  /** Absolute http(s) URL the decision is POSTed to. */
  callbackUrl: z.url({ protocol: /^https?$/ }),
  /**
   * The per-callback secret (see callback-signature.ts): the review system signs each delivery
   * with it (`X-Callback-Signature`). Never listed or returned.
   */
  callbackSecret: z.string().min(16).max(256).optional(),
});
export type ReviewTaskCreate = z.infer<typeof ReviewTaskCreateSchema>;

export const ReviewDecisionInputSchema = z.object({
  approved: z.boolean(),
  reason: z.string().min(1).max(2000).optional(),
  reviewer: z.string().min(1).max(200),
}).refine((d) => d.approved || d.reason, { message: 'a rejection needs a reason', path: ['reason'] });
export type ReviewDecisionInput = z.infer<typeof ReviewDecisionInputSchema>;

/** What the review system POSTs to the task's callbackUrl. */
export const ReviewDecisionSchema = z.object({
  taskId: z.string(),
  callbackId: z.string(),
  executionId: z.string(),
  approved: z.boolean(),
  reason: z.string().optional(),
  reviewer: z.string(),
  decidedAt: InstantSchema,
});
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;

export const ReviewTaskStatusSchema = z.enum(['pending', 'decided', 'delivered', 'delivery-failed']);

export const DeliveryAttemptSchema = z.object({
  at: InstantSchema,
  status: z.number().int().optional(),
  error: z.string().optional(),
});

export const ReviewTaskSchema = z.object({
  id: z.string(),
  callbackId: z.string(),
  executionId: z.string(),
  status: ReviewTaskStatusSchema,
  createdAt: InstantSchema,
  letter: ReviewLetterSchema,
  callbackUrl: z.string(),
  decision: ReviewDecisionSchema.optional(),
  deliveries: z.array(DeliveryAttemptSchema),
});
export type ReviewTask = z.infer<typeof ReviewTaskSchema>;

export const ReviewTaskListSchema = z.object({ tasks: z.array(ReviewTaskSchema) });

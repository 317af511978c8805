/** Physician-review section of the simulator configuration: how the simulated physician behaves. */
import { z } from 'zod';

export const ReviewBehaviourSchema = z.enum([
  /** Wait for a person (the demo dashboard) or a test to POST the decision. */
  'manual',
  /** Approve after `delaySeconds` of clock time. */
  'approve',
  /** Reject with `reason` after `delaySeconds`. */
  'reject',
  /** Never answer: the orchestrator's callback times out. */
  'never',
  /** Approve, then deliver the same decision a second time `repeatAfterSeconds` later. */
  'approve-twice',
  /** Approve only after `lateSeconds` (e.g. past the orchestrator's 7-day timeout). */
  'approve-late',
]);
export type ReviewBehaviour = z.infer<typeof ReviewBehaviourSchema>;

export const ReviewConfigSchema = z.object({
  behaviour: ReviewBehaviourSchema.default('manual'),
  /** Clock time between task creation and an automatic decision. */
  delaySeconds: z.number().nonnegative().default(4 * 3600),
  lateSeconds: z.number().nonnegative().default(8 * 24 * 3600),
  repeatAfterSeconds: z.number().nonnegative().default(60),
  reason: z.string().min(1).default('Clinical documentation does not support the request; please revise the justification.'),
  reviewer: z.string().min(1).default('Dr. Simulated Reviewer'),
  /** Delivery attempts when the callback receiver answers 5xx or cannot be reached. */
  deliveryAttempts: z.number().int().min(1).max(20).default(5),
  /** First retry delay in clock seconds; doubles per attempt. */
  deliveryBackoffSeconds: z.number().positive().default(30),
});
export type ReviewConfig = z.infer<typeof ReviewConfigSchema>;

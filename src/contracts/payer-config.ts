/** Payer section of the simulator configuration. */
import { z } from 'zod';

export const PayerConfigSchema = z.object({
  /** Whether the payer accepts rest-hook Subscriptions; without them clients must poll $inquire. */
  webhooks: z.boolean().default(true),
  /** Whether `Claim/$submit` requires an `Idempotency-Key` header (missing → 400). */
  requireIdempotencyKey: z.boolean().default(false),
});
export type PayerConfig = z.infer<typeof PayerConfigSchema>;

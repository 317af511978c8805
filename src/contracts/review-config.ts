/** Physician-review section of the simulator configuration. */
import { z } from 'zod';

export const ReviewConfigSchema = z.object({
  /** `manual`: wait for a person (or a test) to POST the decision. */
  mode: z.enum(['manual', 'auto-approve', 'auto-reject']).default('manual'),
});
export type ReviewConfig = z.infer<typeof ReviewConfigSchema>;

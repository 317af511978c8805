/** EHR section of the simulator configuration. */
import { z } from 'zod';

export const EhrConfigSchema = z.object({
  /** Default page size of searches and $everything when `_count` is absent. */
  defaultPageSize: z.number().int().min(1).max(1000).default(50),
});
export type EhrConfig = z.infer<typeof EhrConfigSchema>;

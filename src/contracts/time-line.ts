/**
 * `npm start`'s shared time line as the supervisor hands it to its children: an anchor and a
 * speed (simulated ms per wall ms). When a person changes the speed or jumps ahead in the
 * console, the supervisor makes a new time line and writes it, one JSON line, to each child's
 * stdin pipe; the child's clock follows it and says so on stdout (`clockFollowsLine`), which is
 * how the supervisor knows both processes are on the new line before it answers.
 */
import { z } from 'zod';
import { ClockAnchorSchema, formatClockAnchor } from './clock-anchor.js';

export const TimeLineSchema = z.object({
  anchor: ClockAnchorSchema,
  factor: z.number().positive().max(10_000_000),
}).strict();
export type TimeLine = z.infer<typeof TimeLineSchema>;

/** One line on a supervised child's stdin. */
export const SupervisorMessageSchema = z.object({ timeLine: TimeLineSchema }).strict();
export type SupervisorMessage = z.infer<typeof SupervisorMessageSchema>;

/** The stdout line a child prints once its clock follows `line`. */
export function clockFollowsLine(line: TimeLine): string {
  return `clock follows ${formatClockAnchor(line.anchor)} x${line.factor}`;
}

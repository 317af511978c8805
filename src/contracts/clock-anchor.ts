/**
 * A shared simulated time line for separate processes: simulated instant `simulated` at wall
 * instant `wall` (both epoch ms), moving `factor` simulated ms per wall ms. `npm start` fixes one
 * anchor when it starts (from the latest instant either process had reached) and gives it to both
 * children on every (re)start, so the simulator and the orchestrator agree on simulated time
 * after either restarts, and neither goes back.
 * On the command line: `--clock-anchor <simulated>@<wall>`.
 */
import { z } from 'zod';

export const ClockAnchorSchema = z.object({
  simulated: z.number().int().nonnegative(),
  wall: z.number().int().nonnegative(),
});
export type ClockAnchor = z.infer<typeof ClockAnchorSchema>;

export function formatClockAnchor(a: ClockAnchor): string {
  return `${a.simulated}@${a.wall}`;
}

/** `1767603600000@1767600000000` → the anchor; undefined when malformed. */
export function parseClockAnchor(text: string): ClockAnchor | undefined {
  const m = /^(\d{1,16})@(\d{1,16})$/.exec(text);
  return m ? { simulated: Number(m[1]), wall: Number(m[2]) } : undefined;
}

/** The simulated instant of wall instant `wallNow` on the anchor's time line. */
export function anchoredNow(a: ClockAnchor, factor: number, wallNow: number): number {
  return Math.floor(a.simulated + (wallNow - a.wall) * factor);
}

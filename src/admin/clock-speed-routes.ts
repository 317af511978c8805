/**
 * `/__admin/clock/speed`: read or change how fast the demo's clock runs (simulated seconds per
 * real second). Only an adjustable clock (`npm start`) has a speed to change; a virtual clock
 * moves only when advanced, and a fixed dilated one is refused with the reason.
 */
import { ClockSpeedSchema } from '../contracts/admin.js';
import type { SimulatorContext } from '../core/engine.js';
import { AdjustableClock } from '../core/adjustable-clock.js';
import { badRequest, conflict, jsonResponse } from '../core/operation-outcome.js';
import type { Route } from '../core/router.js';

export function clockSpeedRoutes(ctx: SimulatorContext): Route[] {
  const state = () => {
    const clock = ctx.control.clock;
    return { now: new Date(clock.now()).toISOString(), kind: clock.kind, factor: clock instanceof AdjustableClock ? clock.factor : null };
  };
  return [
    { method: 'GET', path: '/__admin/clock/speed', handler: () => jsonResponse(state()) },
    {
      method: 'POST',
      path: '/__admin/clock/speed',
      handler: async (req) => {
        const body = await req.json(ClockSpeedSchema);
        const clock = ctx.control.clock;
        if (!(clock instanceof AdjustableClock)) throw badRequest(`the clock is ${clock.kind} with a fixed speed: only the demo's adjustable clock (npm start) changes speed`, 'clock');
        if (clock.followedBy) throw conflict(`this clock follows a time line shared with the orchestrator; change its speed through ${clock.followedBy}`);
        clock.setFactor(body.factor);
        return jsonResponse(state());
      },
    },
  ];
}

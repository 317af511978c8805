/** /__admin routes: reset, clock, ledger. */
import { z } from 'zod';
import type { SystemFactory } from '../core/engine.js';
import { jsonResponse, badRequest } from '../core/operation-outcome.js';
import { VirtualClock } from '../core/clock.js';

export const ClockAdvanceSchema = z.object({ ms: z.number().int().nonnegative().optional(), seconds: z.number().nonnegative().optional() });

export const createAdmin: SystemFactory = (ctx) => ({
  name: 'admin',
  routes: [
    { method: 'GET', path: '/__admin/ledger', handler: () => jsonResponse({ entries: ctx.ledger.all(), totals: ctx.ledger.totals() }) },
    {
      method: 'POST',
      path: '/__admin/reset',
      handler: () => {
        ctx.control.reset();
        return jsonResponse({ reset: true, now: new Date(ctx.clock.now()).toISOString() });
      },
    },
    {
      method: 'POST',
      path: '/__admin/clock/advance',
      handler: async (req) => {
        const body = await req.json(ClockAdvanceSchema);
        const clock = ctx.control.clock;
        if (!(clock instanceof VirtualClock)) throw badRequest(`the clock is ${clock.kind}: only a virtual clock can be advanced`);
        await clock.advance(body.ms ?? (body.seconds ?? 0) * 1000);
        return jsonResponse({ now: new Date(clock.now()).toISOString() });
      },
    },
  ],
});

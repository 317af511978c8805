/**
 * /__admin routes (WireMock's vocabulary): reset state, read or move the clock, read the
 * ledger; plus GET /openapi.json. The server binds to 127.0.0.1 by default because these
 * routes change state without authentication.
 */
import type { SystemFactory } from '../core/engine.js';
import { badRequest, conflict, jsonResponse } from '../core/operation-outcome.js';
import { VirtualClock } from '../core/clock.js';
import { ClockAdvanceSchema, ClockSetSchema } from '../contracts/admin.js';
import { openApiDocument } from '../contracts/endpoints.js';
import { faultAdminRoutes } from './faults-routes.js';
import { clockSpeedRoutes } from './clock-speed-routes.js';
import { AdjustableClock } from '../core/adjustable-clock.js';
import { scenarioAdminRoutes } from './scenario-routes.js';

export const createAdmin: SystemFactory = (ctx) => {
  const clockState = () => ({ now: new Date(ctx.clock.now()).toISOString(), kind: ctx.clock.kind });
  const virtualClock = () => {
    const clock = ctx.control.clock;
    if (!(clock instanceof VirtualClock)) throw badRequest(`the clock is ${clock.kind}: only a virtual clock can be moved (serve --clock virtual)`, 'clock');
    return clock;
  };
  // the demo's clock moves forward too (console: advance 1 hour / 1 day)
  const movableClock = () => {
    const clock = ctx.control.clock;
    if (!(clock instanceof AdjustableClock)) return virtualClock();
    if (clock.followedBy) throw conflict(`this clock follows a time line shared with the orchestrator; move it through ${clock.followedBy}`);
    return clock;
  };
  return {
    name: 'admin',
    routes: [
      { method: 'GET', path: '/openapi.json', handler: () => jsonResponse(openApiDocument()) },
      { method: 'GET', path: '/__admin/ledger', handler: () => jsonResponse({ entries: ctx.ledger.all(), totals: ctx.ledger.totals() }) },
      {
        method: 'POST',
        path: '/__admin/reset',
        handler: () => {
          ctx.control.reset();
          return jsonResponse({ reset: true, seed: ctx.config.seed, now: new Date(ctx.clock.now()).toISOString() });
        },
      },
      { method: 'GET', path: '/__admin/clock', handler: () => jsonResponse(clockState()) },
      {
        method: 'POST',
        path: '/__admin/clock/advance',
        handler: async (req) => {
          const body = await req.json(ClockAdvanceSchema);
          await movableClock().advance(body.ms ?? (body.seconds ?? 0) * 1000);
          return jsonResponse(clockState());
        },
      },
      {
        method: 'POST',
        path: '/__admin/clock/set',
        handler: async (req) => {
          const body = await req.json(ClockSetSchema);
          const clock = virtualClock();
          const target = Date.parse(body.now);
          if (target < clock.now()) throw badRequest(`body.now ${body.now} is before the clock's current time ${new Date(clock.now()).toISOString()}: the clock only moves forward`, 'body.now');
          await clock.advanceTo(target);
          return jsonResponse(clockState());
        },
      },
      ...clockSpeedRoutes(ctx),
      ...faultAdminRoutes(ctx),
      ...scenarioAdminRoutes(ctx),
    ],
  };
};

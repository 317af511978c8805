/**
 * /__admin fault and journal routes (WireMock's names): arm, list and disarm fault rules; read
 * the request journal as JSON or NDJSON. Mounted by the admin system.
 */
import { FaultRuleSchema } from '../contracts/faults.js';
import { JournalQuerySchema } from '../contracts/journal.js';
import type { SimulatorContext } from '../core/engine.js';
import { fromZodError, jsonResponse, notFound } from '../core/operation-outcome.js';
import type { Route } from '../core/router.js';
import { assertFaultRoutes } from '../core/faults/route-check.js';

/**
 * @example
 * // in src/admin/admin.ts
 * routes: [...existing, ...faultAdminRoutes(ctx)]
 */
export function faultAdminRoutes(ctx: SimulatorContext): Route[] {
  const faults = () => ctx.control.faults;
  const journal = () => ctx.control.journal;
  return [
    {
      method: 'POST',
      path: '/__admin/faults',
      handler: async (req) => {
        const rule = await req.json(FaultRuleSchema);
        assertFaultRoutes([rule], ctx.control.routes().map((r) => r.path), 'body');
        return jsonResponse(faults().arm(rule), 201);
      },
    },
    { method: 'GET', path: '/__admin/faults', handler: () => jsonResponse({ faults: faults().list() }) },
    {
      method: 'DELETE',
      path: '/__admin/faults/:id',
      handler: (req) => {
        if (!faults().disarm(req.params.id!)) throw notFound(`fault rule "${req.params.id}"`);
        return new Response(null, { status: 204 });
      },
    },
    {
      method: 'DELETE',
      path: '/__admin/faults',
      handler: () => {
        faults().clear();
        return new Response(null, { status: 204 });
      },
    },
    { method: 'GET', path: '/__admin/journal', handler: (req) => journalResponse(req.query) },
    { method: 'GET', path: '/__admin/journal.ndjson', handler: (req) => journalResponse(req.query, 'ndjson') },
  ];

  function journalResponse(query: URLSearchParams, format?: 'ndjson'): Response {
    const parsed = JournalQuerySchema.safeParse(Object.fromEntries(query));
    if (!parsed.success) throw fromZodError('query', parsed.error);
    const { format: asked, ...filter } = parsed.data;
    if ((format ?? asked) === 'ndjson') {
      return new Response(journal().toNdjson(filter), { headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } });
    }
    const entries = journal().query(filter);
    return jsonResponse({ total: journal().size, lastSeq: journal().lastSeq, count: entries.length, entries });
  }
}

/**
 * The EHR system: FHIR R4 / US Core reads, searches and `Patient/$everything` under
 * `/ehr/fhir`, over a synthetic panel generated once per generation from the seed
 * (`ehr.panel` stream) and the clock.
 */
import type { SystemFactory } from '../core/engine.js';
import { fhirResponse, notFound } from '../core/operation-outcome.js';
import { capabilityStatement } from './capability.js';
import { capabilitySecurity } from '../auth/smart-configuration.js';
import { everything, EVERYTHING_WHERE } from './everything.js';
import { Panel } from './panel.js';
import { isServedType, unsupportedType } from './resource-types.js';
import { search } from './search.js';
import { readPage, searchset } from './searchset.js';


export const EHR_BASE = '/ehr/fhir';

export const createEhr: SystemFactory = (ctx) => {
  const generatedAt = ctx.startedAt;
  const panel = new Panel(ctx.rng.fork('ehr.panel'), generatedAt);
  const pageSize = ctx.config.ehr.defaultPageSize;
  return {
    name: 'ehr',
    routes: [
      { method: 'GET', path: `${EHR_BASE}/metadata`, handler: (req) => fhirResponse(capabilityStatement(generatedAt, req.origin, capabilitySecurity(ctx, req, 'ehr'))) },
      {
        method: 'GET',
        path: `${EHR_BASE}/Patient/:id/$everything`,
        handler: (req) => {
          const page = readPage(req.query, EVERYTHING_WHERE, pageSize);
          return fhirResponse(searchset(req, everything(panel, req.params.id!, req.query), page));
        },
      },
      {
        method: 'GET',
        path: `${EHR_BASE}/:type/:id`,
        handler: (req) => {
          const { type, id } = req.params as { type: string; id: string };
          if (!isServedType(type)) throw unsupportedType(type);
          const found = panel.get(type, id);
          if (!found) throw notFound(`${type}/${id}`);
          return fhirResponse(found);
        },
      },
      {
        method: 'GET',
        path: `${EHR_BASE}/:type`,
        handler: (req) => {
          const type = req.params.type!;
          if (!isServedType(type)) throw unsupportedType(type);
          const page = readPage(req.query, type, pageSize);
          return fhirResponse(searchset(req, search(type, panel.all(type), req.query), page));
        },
      },
    ],
  };
};

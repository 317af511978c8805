/**
 * The EHR system: FHIR R4 / US Core reads, searches (GET, `POST [type]/_search`, Patient
 * compartment `Patient/{id}/{type}`) and `Patient/$everything` (GET or POST) under `/ehr/fhir`,
 * over a synthetic panel generated once per generation from the seed (`ehr.panel` stream) and
 * the clock.
 */
import type { SystemFactory } from '../core/engine.js';
import type { EhrResourceType } from '../contracts/ehr.js';
import { fhirResponse, notFound } from '../core/operation-outcome.js';
import type { RouteHandler, Route, SimRequest } from '../core/router.js';
import { isStrict, operationQuery, searchQuery } from '../core/fhir-rest/search-request.js';
import { readElements, readSummary, shapeResource } from '../core/fhir-rest/result-params.js';
import { capabilityStatement } from './capability.js';
import { capabilitySecurity } from '../auth/smart-configuration.js';
import { everything, EVERYTHING_PARAMS, EVERYTHING_WHERE } from './everything.js';
import { Panel } from './panel.js';
import { isServedType, unsupportedType } from './resource-types.js';
import { COMPARTMENT_TYPES, search } from './search.js';
import { OFFSET_PARAM, readPage, searchset } from './searchset.js';

export const EHR_BASE = '/ehr/fhir';

/** Result and paging parameters: handled around the search, never filters. */
const CONTROLS = ['_count', OFFSET_PARAM, '_summary', '_elements', '_format', '_pretty'];

/** The result parameters given, for the self link. */
const shownControls = (query: URLSearchParams): [string, string][] =>
  ['_summary', '_elements'].flatMap((k) => query.getAll(k).map((v) => [k, v] as [string, string]));

export const createEhr: SystemFactory = (ctx) => {
  const generatedAt = ctx.startedAt;
  const panel = new Panel(ctx.rng.fork('ehr.panel'), generatedAt);
  const pageSize = ctx.config.ehr.defaultPageSize;

  /** A type search over `query`, answered as a page of a searchset whose links start at `linkPath`. */
  const answerSearch = (req: SimRequest, type: EhrResourceType, query: URLSearchParams, linkPath: string, implied: [string, string][] = []) => {
    const summary = readSummary(query);
    const elements = readElements(query);
    const page = readPage(query, type, pageSize);
    const withImplied = new URLSearchParams(query);
    for (const [k, v] of implied) withImplied.append(k, v);
    const result = search(type, panel.all(type), withImplied, CONTROLS, isStrict(req.request));
    const applied = result.applied.filter(([k, v]) => !implied.some(([ik, iv]) => ik === k && iv === v));
    return fhirResponse(searchset(req, result.matches, page, { base: `${req.origin}${linkPath}`, params: [...applied, ...shownControls(query)] }, { summary, elements }));
  };

  const typeSearch: RouteHandler = async (req) => {
    const type = req.params.type!;
    if (!isServedType(type)) throw unsupportedType(type);
    return answerSearch(req, type, await searchQuery(req), `${EHR_BASE}/${type}`);
  };

  const compartmentSearch: RouteHandler = async (req) => {
    const { id, type } = req.params as { id: string; type: string };
    if (!(COMPARTMENT_TYPES as readonly string[]).includes(type)) {
      throw notFound(`compartment search Patient/${id}/${type} (the Patient compartment here holds ${COMPARTMENT_TYPES.join(', ')}); resource`);
    }
    if (!panel.get('Patient', id)) throw notFound(`Patient/${id}`);
    return answerSearch(req, type as EhrResourceType, await searchQuery(req), `${EHR_BASE}/Patient/${id}/${type}`, [['patient', `Patient/${id}`]]);
  };

  const everythingOp: RouteHandler = async (req) => {
    const query = await operationQuery(req, 'Patient/$everything', EVERYTHING_PARAMS);
    const page = readPage(query, EVERYTHING_WHERE, pageSize);
    const summary = readSummary(query);
    const elements = readElements(query);
    const params = ['_type', '_since'].flatMap((k) => query.getAll(k).map((v) => [k, v] as [string, string]));
    const links = { base: `${req.origin}${EHR_BASE}/Patient/${req.params.id}/$everything`, params: [...params, ...shownControls(query)] };
    return fhirResponse(searchset(req, everything(panel, req.params.id!, query), page, links, { summary, elements }));
  };

  const routes: Route[] = [
    { method: 'GET', path: `${EHR_BASE}/metadata`, handler: (req) => fhirResponse(capabilityStatement(generatedAt, req.origin, capabilitySecurity(ctx, req, 'ehr'))) },
    { method: 'GET', path: `${EHR_BASE}/Patient/:id/$everything`, handler: everythingOp },
    { method: 'POST', path: `${EHR_BASE}/Patient/:id/$everything`, handler: everythingOp },
    { method: 'GET', path: `${EHR_BASE}/:type/_search`, handler: typeSearch },
    { method: 'POST', path: `${EHR_BASE}/:type/_search`, handler: typeSearch },
    { method: 'POST', path: `${EHR_BASE}/Patient/:id/:type/_search`, handler: compartmentSearch },
    { method: 'GET', path: `${EHR_BASE}/Patient/:id/:type`, handler: compartmentSearch },
    {
      method: 'GET',
      path: `${EHR_BASE}/:type/:id`,
      handler: (req) => {
        const { type, id } = req.params as { type: string; id: string };
        if (!isServedType(type)) throw unsupportedType(type);
        const found = panel.get(type, id);
        if (!found) throw notFound(`${type}/${id}`);
        const summary = readSummary(req.query);
        return fhirResponse(shapeResource(found, summary === 'count' ? undefined : summary, readElements(req.query)));
      },
    },
    { method: 'GET', path: `${EHR_BASE}/:type`, handler: typeSearch },
  ];
  return { name: 'ehr', routes };
};

/**
 * Paged searchset Bundles: `_count` and `_offset` parsing (errors name the parameter) and the
 * Bundle itself, with absolute `self`/`next` links (carrying only the parameters applied) and
 * fullUrls built from the request origin.
 */
import type { EhrResource, EhrSearchset } from '../contracts/ehr.js';
import { badRequest } from '../core/operation-outcome.js';
import type { SimRequest } from '../core/router.js';
import { shapeResource, type Summary } from '../core/fhir-rest/result-params.js';

export const MAX_PAGE_SIZE = 1000;
export const OFFSET_PARAM = '_offset';

export interface Page {
  readonly count: number;
  readonly offset: number;
  /** Whether the client gave `_count` (the self link then carries it). */
  readonly explicit?: boolean;
}

function single(query: URLSearchParams, name: string, where: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw badRequest(`${name} is repeated: give it once`, `${where}.${name}`);
  return values[0];
}

/**
 * Read `_count` (1–1000, default `defaultCount`) and `_offset` (≥ 0) from the query.
 * @example readPage(new URLSearchParams('_count=5'), 'Patient', 50) // { count: 5, offset: 0 }
 */
export function readPage(query: URLSearchParams, where: string, defaultCount: number): Page {
  const rawCount = single(query, '_count', where);
  const rawOffset = single(query, OFFSET_PARAM, where);
  let count = defaultCount;
  if (rawCount !== undefined) {
    count = /^\d+$/.test(rawCount) ? Number(rawCount) : NaN;
    if (!(count >= 1 && count <= MAX_PAGE_SIZE)) {
      throw badRequest(`_count must be an integer from 1 to ${MAX_PAGE_SIZE}, got "${rawCount}"`, `${where}._count`);
    }
  }
  let offset = 0;
  if (rawOffset !== undefined) {
    offset = /^\d+$/.test(rawOffset) ? Number(rawOffset) : NaN;
    if (!Number.isSafeInteger(offset)) {
      throw badRequest(`${OFFSET_PARAM} must be a non-negative integer taken from a next link, got "${rawOffset}"`, `${where}.${OFFSET_PARAM}`);
    }
  }
  return { count, offset, explicit: rawCount !== undefined };
}

/** Where a searchset's links point: the path searched and the parameters that were applied. */
export interface SearchLinks {
  /** Absolute URL of the search without a query, e.g. `https://sim/ehr/fhir/Patient`. */
  readonly base: string;
  /** The applied search and result parameters, in request order (ignored ones are left out). */
  readonly params: readonly [string, string][];
}

/**
 * One page of `matches` as a searchset Bundle; `next` is present only when more matches follow.
 * `_summary=count` answers the total alone; `_summary=data` and `_elements` shape each entry.
 */
export function searchset(req: SimRequest, matches: readonly EhrResource[], page: Page, links: SearchLinks, shape: { summary?: Summary; elements?: Set<string> } = {}): EhrSearchset {
  const selfParams = new URLSearchParams(links.params.map(([k, v]) => [k, v]));
  if (page.explicit || page.offset > 0) selfParams.set('_count', String(page.count));
  if (page.offset > 0) selfParams.set(OFFSET_PARAM, String(page.offset));
  const query = (p: URLSearchParams) => (p.size > 0 ? `?${p.toString()}` : '');
  const link = [{ relation: 'self', url: `${links.base}${query(selfParams)}` }];
  const bundle: EhrSearchset = { resourceType: 'Bundle', type: 'searchset', total: matches.length, link };
  if (shape.summary === 'count') return bundle;
  if (page.offset + page.count < matches.length) {
    const next = new URLSearchParams(selfParams);
    next.set('_count', String(page.count));
    next.set(OFFSET_PARAM, String(page.offset + page.count));
    link.push({ relation: 'next', url: `${links.base}?${next.toString()}` });
  }
  const fhirBase = `${req.origin}/ehr/fhir`;
  const entries = matches.slice(page.offset, page.offset + page.count).map((resource) => ({
    fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`,
    resource: shapeResource(resource, shape.summary, shape.elements),
    search: { mode: 'match' as const },
  }));
  if (entries.length > 0) bundle.entry = entries;
  return bundle;
}

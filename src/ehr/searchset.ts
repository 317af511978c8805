/**
 * Paged searchset Bundles: `_count` and `_offset` parsing (errors name the parameter) and the
 * Bundle itself, with absolute `self`/`next` links and fullUrls built from the request origin.
 */
import type { EhrResource, EhrSearchset } from '../contracts/ehr.js';
import { badRequest } from '../core/operation-outcome.js';
import type { SimRequest } from '../core/router.js';

export const MAX_PAGE_SIZE = 1000;
export const OFFSET_PARAM = '_offset';

export interface Page {
  readonly count: number;
  readonly offset: number;
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
  return { count, offset };
}

/** One page of `matches` as a searchset Bundle; `next` is present only when more matches follow. */
export function searchset(req: SimRequest, matches: readonly EhrResource[], page: Page): EhrSearchset {
  const base = `${req.origin}${req.url.pathname}`;
  const link = [{ relation: 'self', url: `${base}${req.url.search}` }];
  if (page.offset + page.count < matches.length) {
    const next = new URLSearchParams(req.query);
    next.set('_count', String(page.count));
    next.set(OFFSET_PARAM, String(page.offset + page.count));
    link.push({ relation: 'next', url: `${base}?${next.toString()}` });
  }
  const fhirBase = `${req.origin}/ehr/fhir`;
  const entries = matches.slice(page.offset, page.offset + page.count).map((resource) => ({
    fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: 'match' as const },
  }));
  const bundle: EhrSearchset = { resourceType: 'Bundle', type: 'searchset', total: matches.length, link };
  if (entries.length > 0) bundle.entry = entries;
  return bundle;
}

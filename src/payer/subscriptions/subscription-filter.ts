/**
 * Backport filter criteria (`_criteria.extension[backport-filter-criteria].valueString`): search-
 * style strings such as `ClaimResponse?request.identifier=urn:trnorg:123|CLM-1` or
 * `ClaimResponse?patient=Patient/p1`. Several parameters, in one string or several, all must
 * match (logical AND, as the Backport IG says). No filter: every decision matches.
 */
import { badRequest } from '../../core/operation-outcome.js';
import type { ClaimRecord } from '../claim-store.js';

export interface SubscriptionFilter {
  param: 'request.identifier' | 'patient';
  value: string;
}

const PARAMS = ['request.identifier', 'patient'] as const;
const isParam = (p: string): p is SubscriptionFilter['param'] => (PARAMS as readonly string[]).includes(p);

/**
 * Parse one criteria string; `path` names it in the 400 when it is not understood.
 * @example parseFilterCriteria('ClaimResponse?patient=Patient/p1', 'Subscription._criteria.extension[0].valueString')
 */
export function parseFilterCriteria(text: string, path: string): SubscriptionFilter[] {
  const q = text.indexOf('?');
  const resourceType = q >= 0 ? text.slice(0, q) : 'ClaimResponse';
  if (resourceType !== 'ClaimResponse') {
    throw badRequest(`${path}: filters apply to ClaimResponse, got "${resourceType}" (e.g. "ClaimResponse?request.identifier=system|value")`, path);
  }
  const query = new URLSearchParams(q >= 0 ? text.slice(q + 1) : text);
  const filters: SubscriptionFilter[] = [];
  for (const [param, value] of query) {
    if (!isParam(param)) throw badRequest(`${path}: unsupported filter parameter "${param}": use ${PARAMS.join(' or ')}`, path);
    if (value.trim() === '') throw badRequest(`${path}: filter "${param}" has no value`, path);
    filters.push({ param, value });
  }
  if (filters.length === 0) throw badRequest(`${path}: empty filter: omit the extension to receive every decision`, path);
  return filters;
}

/** A token `value`, `system|value` or `|value` against an identifier. */
function tokenMatches(token: string, id: { system?: string; value?: string }): boolean {
  const bar = token.indexOf('|');
  if (bar < 0) return id.value === token;
  const system = token.slice(0, bar);
  return id.value === token.slice(bar + 1) && (system === '' ? !id.system : id.system === system);
}

function matchesOne(f: SubscriptionFilter, claim: ClaimRecord): boolean {
  const req = claim.submission.claim;
  if (f.param === 'patient') {
    const ref = req.patient.reference ?? '';
    return ref === f.value || ref === `Patient/${f.value}` || ref.endsWith(`/${f.value}`);
  }
  return req.identifier.some((id) => tokenMatches(f.value, id));
}

export const matchesFilters = (filters: readonly SubscriptionFilter[], claim: ClaimRecord) => filters.every((f) => matchesOne(f, claim));

/**
 * Which calls a fault rule matches: system, route (prefix or glob), method and an optional
 * business key found in the URL or body.
 */
import type { FaultRule } from '../../contracts/faults.js';

/** What the fault engine knows about a call before the handler runs. */
export interface FaultCall {
  readonly method: string;
  readonly path: string;
  /** Path and query, percent-decoded where possible. */
  readonly target: string;
  readonly system: string;
  /** The request body text, read only when a rule asks for a business key. */
  readonly body?: string;
}

/** `/payer/fhir/Claim` → `payer`, `/__admin/faults` → `admin`, anything else → `other`. */
export function systemOf(path: string): string {
  const first = path.split('/')[1] ?? '';
  if (first === '__admin') return 'admin';
  return first === 'ehr' || first === 'payer' || first === 'review' ? first : 'other';
}

const globCache = new Map<string, RegExp>();

function globRegex(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const src = glob
      .split(/(\*\*|\*)/)
      .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${src}/?$`);
    globCache.set(glob, re);
  }
  return re;
}

/** A glob when it contains `*`; otherwise a path prefix that ends on a segment boundary. */
export function routeMatches(route: string, path: string): boolean {
  if (route.includes('*')) return globRegex(route).test(path);
  if (!path.startsWith(route)) return false;
  return route.endsWith('/') || path.length === route.length || path[route.length] === '/';
}

/** Whether the rule matches the call; `needsBody` says a body is required to decide. */
export function ruleMatches(rule: FaultRule, call: FaultCall): boolean | 'needs-body' {
  const m = rule.match;
  if (m.system ? m.system !== call.system : call.system === 'admin') return false;
  if (m.method && m.method !== call.method) return false;
  if (m.route && !routeMatches(m.route, call.path)) return false;
  if (!m.businessKey || call.target.includes(m.businessKey)) return true;
  if (call.body === undefined) return call.method === 'GET' || call.method === 'HEAD' ? false : 'needs-body';
  return call.body.includes(m.businessKey);
}

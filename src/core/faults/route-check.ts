/**
 * A fault rule whose `match.route` can never match any simulator route is a silent no-op —
 * the easiest scenario mistake to make (`/payer/policies/{code}` instead of
 * `/payer/policies`). Rules are checked against the router's route patterns when they are
 * armed, and refused with the field path.
 */
import type { FaultRuleInput } from '../../contracts/faults.js';
import { badRequest } from '../operation-outcome.js';
import { routeMatches } from './call-match.js';

/** A concrete path for a route pattern: each `:param` segment becomes a sample value. */
const samplePath = (pattern: string) => pattern.split('/').map((s) => (s.startsWith(':') ? 'x' : s)).join('/');

/** Whether some request path a pattern accepts is matched by `route` (a prefix or a glob). */
export function routeCanMatch(route: string, patterns: readonly string[]): boolean {
  // `{code}` is a template, not a path a client sends: a rule using one would never fire
  if (/[{}]/.test(route)) return false;
  return patterns.some((p) => {
    if (route.includes('*')) return routeMatches(route, samplePath(p));
    // a prefix: it must agree with the pattern's leading segments, `:param` accepting any
    const want = route.replace(/\/$/, '').split('/');
    const have = p.split('/');
    return want.length <= have.length && want.every((seg, i) => seg === have[i] || (have[i]!.startsWith(':') && seg !== ''));
  });
}

/** Throws a 400 naming `faults[i].match.route` for the first rule no route can match. */
export function assertFaultRoutes(rules: readonly Pick<FaultRuleInput, 'match'>[], patterns: readonly string[], path = 'faults'): void {
  rules.forEach((r, i) => {
    const route = r.match?.route;
    if (route && !routeCanMatch(route, patterns)) {
      throw badRequest(`${path}[${i}].match.route: "${route}" matches no simulator route (give a path prefix like /payer/policies or /payer/fhir/Claim/$submit, not a template; * and ** glob)`, `${path}[${i}].match.route`);
    }
  });
}

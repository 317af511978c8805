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

/** `/payer/fhir/Claim` → `payer`, `/model/x/converse` → `model`, `/__admin/faults` → `admin`, anything else → `other`. */
export function systemOf(path: string): string {
  const first = path.split('/')[1] ?? '';
  if (first === '__admin') return 'admin';
  return first === 'ehr' || first === 'payer' || first === 'review' || first === 'model' ? first : 'other';
}

type GlobToken = { kind: 'char'; char: string } | { kind: 'star' } | { kind: 'globstar' };

const globCache = new Map<string, GlobToken[]>();

function globTokens(glob: string): GlobToken[] {
  let tokens = globCache.get(glob);
  if (!tokens) {
    tokens = [];
    for (let i = 0; i < glob.length; i += 1) {
      if (glob[i] !== '*') tokens.push({ kind: 'char', char: glob[i]! });
      else if (glob[i + 1] === '*') {
        tokens.push({ kind: 'globstar' });
        i += 1;
      } else tokens.push({ kind: 'star' });
    }
    globCache.set(glob, tokens);
  }
  return tokens;
}

/**
 * `*` matches within a segment, `**` across segments; an optional trailing `/` is accepted.
 * Matched by walking the path once with the set of glob positions still alive (an NFA), so the
 * cost is path length × glob length whatever the glob: the regex this replaces (`.*.*x`)
 * backtracked polynomially on a long request path.
 */
function globMatches(glob: string, path: string): boolean {
  const tokens = globTokens(glob);
  const closure = (states: Set<number>) => {
    for (const s of states) {
      const t = tokens[s];
      if (t && t.kind !== 'char') states.add(s + 1);
    }
    return states;
  };
  const accepts = (states: Set<number>) => states.has(tokens.length);
  let states = closure(new Set([0]));
  for (let i = 0; i < path.length && states.size > 0; i += 1) {
    const c = path[i]!;
    if (c === '/' && i === path.length - 1 && accepts(states)) return true;
    const next = new Set<number>();
    for (const s of states) {
      const t = tokens[s];
      if (!t) continue;
      if (t.kind === 'char' && t.char === c) next.add(s + 1);
      else if (t.kind === 'globstar' || (t.kind === 'star' && c !== '/')) next.add(s);
    }
    states = closure(next);
  }
  return accepts(states);
}

/** A glob when it contains `*`; otherwise a path prefix that ends on a segment boundary. */
export function routeMatches(route: string, path: string): boolean {
  if (route.includes('*')) return globMatches(route, path);
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

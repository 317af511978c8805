/**
 * Which operation of the OpenAPI document a fuzz request reached, and the statuses each one was
 * seen to answer, so the suite can hold the document to what the server does: every status an
 * operation answers is declared for it. A request reaches the operation whose method and path
 * template match the path as the server sees it (dot segments resolved, literal segments before
 * parameters); a path no operation has is nobody's (404 by the router). A known path with a
 * method none of its operations has is the path's: OPTIONS answers the document's `Options`
 * response, anything else its `MethodNotAllowed` — except that under /__admin the admin gate
 * (token, JSON body) answers first, with the 401 and 415 every admin operation declares.
 */
import { openApiDocument } from '../../src/contracts/endpoints.js';

interface Responses { responses: Record<string, unknown> }
const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, Responses>>; components: { responses?: Record<string, unknown> } };

const templates = Object.keys(doc.paths).map((path) => ({ path, segments: path.split('/').slice(1) }));
const literals = (t: { segments: string[] }) => t.segments.filter((s) => !s.startsWith('{')).length;

/** The path template `pathname` matches, most literal first (`/ehr/fhir/metadata` before `/ehr/fhir/{type}`). */
function template(pathname: string): string | undefined {
  const parts = pathname.split('/').slice(1);
  const matches = templates.filter((t) => t.segments.length === parts.length && t.segments.every((s, i) => s.startsWith('{') ? parts[i] !== '' : s === safeDecode(parts[i]!)));
  return matches.sort((a, b) => literals(b) - literals(a))[0]?.path;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `GET /ehr/fhir/{type}` (an operation), `OPTIONS /x` or `* /x` (its path, another method), or undefined (no such path). */
export function reached(method: string, target: string): string | undefined {
  const pathname = new URL(target.split('?')[0]!, 'http://fuzz.invalid').pathname;
  const path = template(pathname);
  if (!path) return undefined;
  const m = method === 'HEAD' ? 'get' : method.toLowerCase();
  if (doc.paths[path]![m]) return `${method === 'HEAD' ? 'GET' : method} ${path}`;
  return method === 'OPTIONS' ? `OPTIONS ${path}` : `* ${path}`;
}

/** Statuses seen per operation (and per path for other methods). */
export type Observed = Map<string, Set<number>>;

export function observe(observed: Observed, method: string, target: string, status: number): void {
  const key = reached(method, target);
  if (!key) return;
  let set = observed.get(key);
  if (!set) observed.set(key, (set = new Set()));
  set.add(status);
}

const pathAnswer = (name: string, status: string) => (doc.components.responses?.[name] ? [status] : []);

/** What another method on `path` may answer: the path-level answers, and under /__admin the gate's. */
function pathLevel(method: string, path: string): string[] {
  if (method === 'OPTIONS') return pathAnswer('Options', '204');
  return [...pathAnswer('MethodNotAllowed', '405'), ...(path.startsWith('/__admin/') ? ADMIN_GATE : [])];
}

/** The admin gate's answers, as the admin operations declare them (it acts before any route is chosen). */
const ADMIN_GATE = [...new Set(Object.entries(doc.paths).filter(([p]) => p.startsWith('/__admin/'))
  .flatMap(([, ops]) => Object.values(ops).flatMap((op) => Object.keys(op.responses).filter((s) => s === '401' || s === '415'))))];

/** `GET /x: 409` for each status seen but not declared. */
export function undeclared(observed: Observed): string[] {
  const out: string[] = [];
  for (const [key, statuses] of observed) {
    const [method, path] = key.split(' ') as [string, string];
    const own = doc.paths[path]![method.toLowerCase()];
    const declared = own ? Object.keys(own.responses) : pathLevel(method, path);
    for (const s of [...statuses].sort()) if (!declared.includes(String(s))) out.push(`${key}: ${s}`);
  }
  return out.sort();
}

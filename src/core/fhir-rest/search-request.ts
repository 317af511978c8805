/**
 * What a FHIR search or operation request says, wherever it says it: the query string, an
 * `application/x-www-form-urlencoded` body (`POST [type]/_search`), or a Parameters body
 * (`POST [type]/[id]/$op`). Also the `Prefer: handling=strict|lenient` choice for unknown
 * search parameters (R4 search.html#errors).
 */
import { ParametersSchema } from '../../contracts/parameters.js';
import { badRequest, unsupportedMediaType } from '../operation-outcome.js';
import type { SimRequest } from '../router.js';

const FORM = 'application/x-www-form-urlencoded';

const mediaType = (request: Request) => (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** The query string plus a form-encoded body (POST `_search`); an empty body is allowed. */
export async function searchQuery(req: SimRequest): Promise<URLSearchParams> {
  const merged = new URLSearchParams(req.query);
  if (req.method !== 'POST') return merged;
  const body = await req.text();
  if (body.trim() === '') return merged;
  const type = mediaType(req.request);
  if (type !== FORM) throw unsupportedMediaType(type || '(none)', `${FORM} (search parameters as a form)`);
  for (const [k, v] of new URLSearchParams(body)) merged.append(k, v);
  return merged;
}

/**
 * The query string plus the primitive parameters of a Parameters body (POST on an operation
 * whose parameters are all primitives, e.g. `$everything`). `allowed` names the parameters
 * the operation takes; any other is a 400 naming it.
 */
export async function operationQuery(req: SimRequest, where: string, allowed: readonly string[]): Promise<URLSearchParams> {
  const merged = new URLSearchParams(req.query);
  if (req.method !== 'POST') return merged;
  if ((await req.text()).trim() === '') return merged;
  if (mediaType(req.request) === FORM) return searchQuery(req);
  const params = await req.json(ParametersSchema, 'Parameters');
  (params.parameter ?? []).forEach((p, i) => {
    if (!allowed.includes(p.name)) throw badRequest(`parameter "${p.name}" is not a parameter of ${where}: it takes ${allowed.join(', ')}`, `Parameters.parameter[${i}].name`);
    const value = p.valueString ?? p.valueCode ?? p.valueUri ?? p.valueInstant ?? p.valueDateTime ?? p.valueDate ?? p.valueInteger ?? p.valueBoolean;
    if (value === undefined) throw badRequest(`parameter "${p.name}" has no primitive value[x]`, `Parameters.parameter[${i}]`);
    merged.append(p.name, String(value));
  });
  return merged;
}

/** Whether the client asked for `Prefer: handling=strict` (unknown search parameters are then a 400). */
export function isStrict(request: Request): boolean {
  const prefer = request.headers.get('prefer') ?? '';
  return prefer.split(/[,;]/).some((p) => p.trim().toLowerCase() === 'handling=strict');
}

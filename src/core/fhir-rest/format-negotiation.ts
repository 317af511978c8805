/**
 * Content negotiation on the FHIR bases: this simulator serves FHIR JSON only, so a request
 * whose `_format` or `Accept` asks for anything else (XML, Turtle) gets 406 rather than a JSON
 * body the client cannot parse. FHIR R4 http.html#mime-type: `_format` overrides `Accept`.
 */
import { outcome, OperationOutcomeError } from '../operation-outcome.js';

/** `_format` values and media types that mean FHIR JSON (R4 lists the short forms too). */
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir', 'text/json']);
const WILDCARDS = new Set(['*/*', 'application/*']);

const notAcceptable = (asked: string, where: string) =>
  new OperationOutcomeError(
    outcome('not-supported', `${where} asks for "${asked}": this server serves only application/fhir+json (send _format=json or Accept: application/fhir+json)`, [where]),
    406,
  );

/** The media type of one `Accept` item, without parameters, and whether its q is zero. */
function acceptItem(item: string): { type: string; refused: boolean } {
  const [type = '', ...params] = item.split(';').map((s) => s.trim().toLowerCase());
  const q = params.find((p) => p.startsWith('q='));
  return { type, refused: q !== undefined && Number(q.slice(2)) === 0 };
}

/**
 * Throw 406 unless the request accepts FHIR JSON.
 * @example assertFhirJsonAccepted(new Request('http://x/ehr/fhir/Patient?_format=xml')) // throws 406
 */
export function assertFhirJsonAccepted(request: Request, url: URL): void {
  const formats = url.searchParams.getAll('_format');
  for (const f of formats) {
    // a `+` in a query string decodes to a space: `application/fhir+json` unencoded arrives as `application/fhir json`
    const format = f.trim().toLowerCase().split(' ').join('+');
    if (!JSON_FORMATS.has(format)) throw notAcceptable(f, '_format');
  }
  if (formats.length > 0) return;
  const accept = request.headers.get('accept');
  if (!accept || accept.trim() === '') return;
  const items = accept.split(',').map(acceptItem).filter((i) => !i.refused && i.type !== '');
  if (items.length === 0 || items.some((i) => JSON_FORMATS.has(i.type) || WILDCARDS.has(i.type))) return;
  throw notAcceptable(accept, 'Accept');
}

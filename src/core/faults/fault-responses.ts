/**
 * The responses a fault puts in place of (or makes of) the real one: an error status before the
 * handler; a malformed, mistyped or empty body after it. Pure functions of the fault and the
 * real response, so the same fault looks the same on every transport.
 */
import type { Fault } from '../../contracts/faults.js';
import type { OperationOutcomeIssue } from '../../contracts/fhir-base.js';
import { outcome, OperationOutcomeError, outcomeResponse } from '../operation-outcome.js';
import { problemResponse } from '../router.js';

type StatusFault = Extract<Fault, { kind: 'http-status' }>;

const REASON: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout',
  409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

const CODE: Record<number, OperationOutcomeIssue['code']> = {
  401: 'login', 403: 'forbidden', 404: 'not-found', 408: 'timeout', 409: 'conflict', 429: 'throttled',
  500: 'exception', 502: 'transient', 503: 'transient', 504: 'timeout',
};

/** An nginx-style gateway error page: what a proxy in front of a payer really sends. */
export function gatewayPage(status: number): string {
  const title = `${status} ${REASON[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A single-sign-on interstitial: the 200 text/html a misrouted API call gets from a portal. */
const SIGN_IN_PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Your session has expired</h1><p>Sign in to continue.</p></body></html>\n';

/** The response an `http-status` fault sends instead of calling the handler. */
export function statusResponse(fault: StatusFault, ruleId: string, path: string): Response {
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  if (fault.status === 401) headers['www-authenticate'] = 'Bearer realm="prior-auth-sim", error="invalid_token"';
  const html = fault.body === 'html' || (fault.body === 'auto' && (fault.status === 502 || fault.status === 504));
  if (html) return new Response(gatewayPage(fault.status), { status: fault.status, headers: { ...headers, 'content-type': 'text/html' } });
  const code = CODE[fault.status] ?? (fault.status >= 500 ? 'exception' : 'processing');
  const err = new OperationOutcomeError(outcome(code, `simulated fault (rule ${ruleId}): HTTP ${fault.status} ${REASON[fault.status] ?? ''}`.trim()), fault.status, headers);
  return /\/fhir(\/|$)/.test(path) ? outcomeResponse(err) : problemResponse(err, path);
}

/** Headers of `res` without the ones describing its body. */
function headersOf(res: Response, drop: string[] = []): Headers {
  const h = new Headers(res.headers);
  for (const k of ['content-length', 'content-encoding', ...drop]) h.delete(k);
  return h;
}

/**
 * The response an after-fault makes of the real one (`body` is its bytes), or undefined when the
 * fault acts on the wire instead (lost after commit, truncated).
 */
export function afterResponse(fault: Fault, res: Response, body: Uint8Array): Response | undefined {
  const init = { status: res.status, statusText: res.statusText };
  switch (fault.kind) {
    case 'malformed-json': {
      // The first half of the document and an HTML comment: never valid JSON, whatever was cut.
      const text = new TextDecoder().decode(body);
      return new Response(`${text.slice(0, Math.floor(text.length / 2))}<!-- upstream error -->`, { ...init, headers: headersOf(res) });
    }
    case 'wrong-content-type': {
      const headers = headersOf(res, ['content-type']);
      headers.set('content-type', fault.contentType);
      return new Response(SIGN_IN_PAGE, { ...init, headers });
    }
    case 'empty-200':
      return new Response(null, { status: 200, headers: headersOf(res) });
    default:
      return undefined;
  }
}

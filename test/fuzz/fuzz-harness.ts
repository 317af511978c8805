/**
 * Sends one fuzz request and checks what must hold for every request, whatever it is: no 5xx,
 * no stack trace, absolute path or HTML error page in the answer, an error in the route
 * family's format, no prototype pollution, and — when the request was refused (4xx) — the
 * claim store and the ledger byte-identical before and after. Counts status classes and
 * records the slowest answer (failing only beyond 2 s: counted, not a flaky timed assertion).
 */
import { performance } from 'node:perf_hooks';
import type { FuzzRequest } from './fuzz-requests.js';

export const SLOW_MS = 2_000;

export interface FuzzStats {
  requests: number;
  byClass: Record<string, number>;
  operations: Map<string, number>;
  maxLatencyMs: number;
  slowest?: string;
  overBudget: number;
}

export const newStats = (): FuzzStats => ({ requests: 0, byClass: {}, operations: new Map(), maxLatencyMs: 0, overBudget: 0 });

/** Text no answer may carry: a stack frame, an absolute path of this checkout, express's HTML error page. */
export function leaks(body: string): string | undefined {
  if (body.includes(process.cwd())) return 'an absolute path of the server';
  if (body.includes('node:internal') || body.split('\n').some((line) => line.trimStart().startsWith('at ') && line.includes('('))) return 'a stack trace';
  if (body.includes('<!DOCTYPE html>') || body.includes('<pre>')) return "express's HTML error page";
  return undefined;
}

export function recordResult(stats: FuzzStats, operation: string, status: number, ms: number, what: string): void {
  stats.requests += 1;
  const cls = `${Math.floor(status / 100)}xx`;
  stats.byClass[cls] = (stats.byClass[cls] ?? 0) + 1;
  stats.operations.set(operation, (stats.operations.get(operation) ?? 0) + 1);
  if (ms > stats.maxLatencyMs) {
    stats.maxLatencyMs = ms;
    stats.slowest = what;
  }
  if (ms > SLOW_MS) stats.overBudget += 1;
}

/** Problems with one answer (empty when it is fine). */
export function checkAnswer(req: { method: string; target: string }, status: number, contentType: string, body: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  const leak = leaks(body);
  if (leak) problems.push(`the body carries ${leak}`);
  if (status >= 400 && req.method !== 'HEAD') {
    // the path as the server sees it: dot segments resolved (`/ehr/fhir/../x` is `/ehr/x`, not a FHIR route)
    const path = new URL(req.target.split('?')[0]!, 'http://fuzz.invalid').pathname;
    const fhir = /\/fhir(?:\/|$|\?)/.test(path);
    // the SMART token endpoint answers errors the OAuth way (RFC 6749 §5.2): JSON with an `error` code
    const oauth = req.method === 'POST' && path.endsWith('/auth/token');
    // the model gateway answers errors the Bedrock way: JSON `{ message }`, the name in x-amzn-ErrorType (a 413 or 415 before it runs is problem JSON)
    const bedrock = req.method === 'POST' && path.startsWith('/model/') && (path.endsWith('/converse') || path.endsWith('/converse-stream')) && contentType.startsWith('application/json');
    const expected = oauth || bedrock ? 'application/json' : fhir ? 'application/fhir+json' : 'application/problem+json';
    if (!contentType.startsWith(expected)) problems.push(`error as "${contentType}", expected ${expected}`);
    else if (oauth && !/"error":"[a-z_]+"/.test(body)) problems.push('OAuth error without an "error" code');
    else if (bedrock && !/^\{"message":"/.test(body)) problems.push('Bedrock error without a "message"');
  }
  if (({} as Record<string, unknown>).polluted !== undefined) problems.push('Object.prototype was polluted');
  return problems;
}

export interface Target {
  /** One request; resolves to status, content type and body text. */
  send(req: FuzzRequest): Promise<{ status: number; contentType: string; body: string }>;
  /** The claim store and ledger, serialized (must not change across a refused request). */
  snapshot(): Promise<string>;
}

/** Send, time and check one request; throws (for fast-check to shrink and report) on any problem. */
export async function fuzzOne(target: Target, stats: FuzzStats, req: FuzzRequest): Promise<void> {
  const before = await target.snapshot();
  const t0 = performance.now();
  const res = await target.send(req);
  const ms = performance.now() - t0;
  recordResult(stats, req.operation, res.status, ms, `${req.method} ${req.target.slice(0, 120)}`);
  const problems = checkAnswer(req, res.status, res.contentType, res.body);
  if (res.status >= 400 && (await target.snapshot()) !== before) problems.push('a refused request changed the claim store or the ledger');
  if (ms > SLOW_MS) problems.push(`answered in ${ms.toFixed(0)} ms (budget ${SLOW_MS} ms)`);
  if (problems.length) throw new Error(`${req.method} ${req.target.slice(0, 200)} → ${res.status}: ${problems.join('; ')}\n  body: ${res.body.slice(0, 300)}`);
}

export function summary(stats: FuzzStats): string {
  const classes = Object.entries(stats.byClass).sort().map(([k, v]) => `${k} ${v}`).join(', ');
  return `${stats.requests} requests over ${stats.operations.size} operations; ${classes}; slowest ${stats.maxLatencyMs.toFixed(1)} ms (${stats.slowest ?? '-'}); over ${SLOW_MS} ms: ${stats.overBudget}`;
}

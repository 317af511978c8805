/**
 * Interprets a coverage policy's criteria (src/contracts/policy.ts) over the evidence a PAS
 * request carries. Each criterion is `met`, `unmet` (the evidence contradicts it: a denial with
 * this criterion's reason), `missing` (no evidence either way: documentation is missing) or
 * `bypassed` (waived by a red flag). `not-applicable` is for red flags that are absent.
 */
import type { CoveragePolicy, Criterion } from '../contracts/policy.js';
import {
  DAY_MS, diagnosisCodes, hasCode, observationTime, observationValue, resourceCodings, therapySpan, type Evidence,
} from './evidence.js';

export type CriterionStatus = 'met' | 'unmet' | 'missing' | 'bypassed' | 'not-applicable';

export interface CriterionResult {
  id: string;
  status: CriterionStatus;
  /** Human reason: what was found against what the policy requires. */
  detail: string;
}

export interface PolicyEvaluation {
  criteria: CriterionResult[];
  /** Required documents not attached (and not waived). */
  missingDocuments: { code: string; description: string }[];
}

const COMPARE = { '>=': (a: number, b: number) => a >= b, '>': (a: number, b: number) => a > b, '<=': (a: number, b: number) => a <= b, '<': (a: number, b: number) => a < b };

function evaluate(c: Criterion, ev: Evidence): CriterionResult {
  const r = (status: CriterionStatus, detail: string): CriterionResult => ({ id: c.id, status, detail });
  switch (c.kind) {
    case 'diagnosis':
    case 'red-flag-bypass': {
      const found = diagnosisCodes(ev).find((d) => d.system === c.system && c.prefixes.some((p) => d.code?.startsWith(p)));
      if (found) return r('met', `${c.description}: found ${found.code}`);
      if (c.kind === 'red-flag-bypass') return r('not-applicable', `${c.description}: none present`);
      return r('unmet', `${c.description}: none of the submitted diagnoses (${diagnosisCodes(ev).map((d) => d.code).join(', ') || 'none'}) qualifies`);
    }
    case 'observation-threshold': {
      const obs = ev.resources
        .filter((x) => x.resourceType === 'Observation' && hasCode(resourceCodings(x), c.system, c.code))
        .filter((x) => !c.withinDays || (observationTime(x) ?? -Infinity) >= ev.now - c.withinDays * DAY_MS)
        .sort((a, b) => (observationTime(b) ?? 0) - (observationTime(a) ?? 0));
      const latest = obs[0] && observationValue(obs[0]);
      const window = c.withinDays ? ` within ${c.withinDays} days` : '';
      if (!latest) return r('missing', `${c.description}: no Observation ${c.system}|${c.code} with a value${window} was attached`);
      const ok = COMPARE[c.comparator](latest.value, c.value);
      return r(ok ? 'met' : 'unmet', `${c.description}: latest value ${latest.value} ${c.unit}, policy requires ${c.comparator} ${c.value} ${c.unit}`);
    }
    case 'therapy-duration': {
      const spans = ev.resources
        .filter((x) => (c.resourceTypes as string[]).includes(x.resourceType))
        .filter((x) => c.codes.some((k) => hasCode(resourceCodings(x), k.system, k.code)))
        .map((r) => therapySpan(r, ev.now))
        .filter((s) => s !== undefined);
      if (spans.length === 0) return r('missing', `${c.description}: no dated ${c.resourceTypes.join('/')} with a qualifying code was attached`);
      const days = Math.floor((Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start))) / DAY_MS);
      return r(days >= c.minDays ? 'met' : 'unmet', `${c.description}: ${days} days documented, policy requires at least ${c.minDays}`);
    }
    case 'document': {
      const found = ev.resources.some((x) => x.resourceType === 'DocumentReference' && hasCode(resourceCodings(x), c.system, c.code));
      return r(found ? 'met' : 'missing', `${c.description}: ${found ? 'attached' : `no DocumentReference of type ${c.system}|${c.code} was attached`}`);
    }
    case 'any-of': {
      const nested = c.criteria.map((n) => evaluate(n, ev));
      const met = nested.find((n) => n.status === 'met');
      if (met) return r('met', `${c.description}: ${met.detail}`);
      const status = nested.some((n) => n.status === 'missing') ? 'missing' : 'unmet';
      return r(status, `${c.description}: ${nested.map((n) => n.detail).join('; ')}`);
    }
  }
}

/**
 * Evaluate every criterion and required document of `policy` against `ev`.
 * @example evaluatePolicy(COVERAGE_POLICIES.get('72148')!, { resources, diagnoses, now })
 */
export function evaluatePolicy(policy: CoveragePolicy, ev: Evidence): PolicyEvaluation {
  const results = policy.criteria.map((c) => evaluate(c, ev));
  const activeFlags = new Set(results.filter((r) => r.status === 'met').map((r) => r.id));
  const bypassed = new Set(
    policy.criteria.flatMap((c) => (c.kind === 'red-flag-bypass' && activeFlags.has(c.id) ? c.bypasses : [])),
  );
  const criteria = results.map((r) =>
    bypassed.has(r.id) && r.status !== 'met' ? { ...r, status: 'bypassed' as const, detail: `${r.detail} (waived: red flag present)` } : r,
  );
  const docs = ev.resources.filter((x) => x.resourceType === 'DocumentReference').flatMap(resourceCodings);
  const missingDocuments = policy.requiredDocuments
    .filter((d) => !d.waivedBy?.some((id) => activeFlags.has(id)))
    .filter((d) => !hasCode(docs, d.system, d.code))
    .map((d) => ({ code: d.code, description: `${d.description} (DocumentReference.type ${d.system}|${d.code}) was not attached` }));
  return { criteria, missingDocuments };
}

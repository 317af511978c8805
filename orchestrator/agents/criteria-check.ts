/**
 * The provider side's reading of criteria-as-data (src/contracts/policy.ts) over
 * `ClinicalFacts`. The payer interprets the same rules with its own evaluator, which this
 * project may not import; the two may disagree, as real ones do. One deliberate difference:
 * an active prescription counts as therapy up to `asOf` (the chart says it is ongoing).
 * Each result is met `true`, `false` (the chart contradicts it) or `'unknown'` (nothing on file).
 */
import type { Criterion } from '../../src/contracts/policy.js';
import type { ClinicalFacts, CodedFact } from './clinical-facts.js';
import { DAY_MS, daysBetween, toMs } from './fhir-values.js';

export type Met = boolean | 'unknown';

export interface CriterionCheck {
  readonly id: string;
  readonly description: string;
  readonly met: Met;
  /** `Observation/x`, …: the resources the verdict rests on. */
  readonly evidence: string[];
  readonly note: string;
  /** Waived by a red flag that is present. */
  readonly bypassed?: boolean;
  /** A red-flag criterion: never counts against the request. */
  readonly redFlag?: boolean;
  /** The number the verdict compares: the latest observation value, or the days of therapy. */
  readonly value?: number;
}

const COMPARE = { '>=': (a: number, b: number) => a >= b, '>': (a: number, b: number) => a > b, '<=': (a: number, b: number) => a <= b, '<': (a: number, b: number) => a < b };
const refOf = (f: CodedFact) => `${f.resourceType}/${f.id}`;

function check(c: Criterion, facts: ClinicalFacts): CriterionCheck {
  const asOf = toMs(facts.asOf)!;
  const r = (met: Met, evidence: string[], note: string): CriterionCheck => ({ id: c.id, description: c.description, met, evidence, note });
  switch (c.kind) {
    case 'diagnosis':
    case 'red-flag-bypass': {
      const found = facts.diagnoses.filter((d) => d.system === c.system && c.prefixes.some((p) => d.code.startsWith(p)));
      if (c.kind === 'red-flag-bypass') {
        return { ...r(true, found.map(refOf), found.length ? `red flag present: ${found.map((d) => d.code).join(', ')}` : 'no red flag on file (not required)'), redFlag: true };
      }
      if (found.length) return r(true, found.map(refOf), `diagnosis on file: ${found.map((d) => d.code).join(', ')}`);
      return r(false, [], `no qualifying diagnosis (on file: ${facts.diagnoses.map((d) => d.code).join(', ') || 'none'})`);
    }
    case 'observation-threshold': {
      const obs = facts.observations
        .filter((o) => o.system === c.system && o.code === c.code && o.value !== undefined)
        .filter((o) => !c.withinDays || (toMs(o.date) ?? -Infinity) >= asOf - c.withinDays * DAY_MS);
      const latest = obs.at(-1);
      const window = c.withinDays ? ` within ${c.withinDays} days` : '';
      if (!latest) return r('unknown', [], `no ${c.code} result${window} on file`);
      const ok = COMPARE[c.comparator](latest.value!, c.value);
      return { ...r(ok, [refOf(latest)], `latest ${latest.display ?? c.code} ${latest.value} ${latest.unit ?? c.unit} on ${latest.date.slice(0, 10)}; requires ${c.comparator} ${c.value}`), value: latest.value! };
    }
    case 'therapy-duration': {
      const spans = facts.therapies
        .filter((t) => (c.resourceTypes as string[]).includes(t.resourceType) && c.codes.some((k) => k.system === t.system && k.code === t.code))
        .flatMap((t) => {
          const start = toMs(t.start);
          if (start === undefined) return [];
          return [{ t, start, end: t.ongoing ? Math.max(asOf, toMs(t.end) ?? start) : (toMs(t.end) ?? start) }];
        });
      if (spans.length === 0) return r('unknown', [], `no dated ${c.resourceTypes.join('/')} of a qualifying code on file`);
      const days = daysBetween(Math.min(...spans.map((s) => s.start)), Math.max(...spans.map((s) => s.end)));
      return { ...r(days >= c.minDays, spans.map((s) => refOf(s.t)), `${days} days of therapy documented; requires at least ${c.minDays}`), value: days };
    }
    case 'document': {
      const docs = facts.documents.filter((d) => d.system === c.system && d.code === c.code);
      return docs.length ? r(true, docs.map(refOf), `document on file: ${docs.map((d) => d.title ?? d.code).join(', ')}`) : r('unknown', [], `no document of type ${c.code} on file`);
    }
    case 'any-of': {
      const nested = c.criteria.map((n) => check(n, facts));
      const met = nested.find((n) => n.met === true);
      if (met) return r(true, met.evidence, met.note);
      return r(nested.some((n) => n.met === 'unknown') ? 'unknown' : false, nested.flatMap((n) => n.evidence), nested.map((n) => n.note).join('; '));
    }
  }
}

/**
 * Check every criterion, then waive those a present red flag bypasses.
 * @example checkCriteria(policy.criteria, facts).filter((c) => c.met === false)
 */
export function checkCriteria(criteria: readonly Criterion[], facts: ClinicalFacts): CriterionCheck[] {
  const results = criteria.map((c) => check(c, facts));
  const bypassed = new Set(criteria.flatMap((c, i) => (c.kind === 'red-flag-bypass' && results[i]!.evidence.length > 0 ? c.bypasses : [])));
  return results.map((r) => (bypassed.has(r.id) && r.met !== true ? { ...r, met: true, bypassed: true, note: `${r.note} (waived: red flag present)` } : r));
}

/** The ids of red-flag criteria that are present (documents they waive need not be attached). */
export const activeRedFlags = (checks: readonly CriterionCheck[]) => new Set(checks.filter((c) => c.redFlag && c.evidence.length > 0).map((c) => c.id));

/**
 * FHIR R4 date search (search.html#date): a value with an optional prefix (eq, ne, gt, lt, ge,
 * le, sa, eb, ap) is an implicit range at its precision (`2026` is the whole year), compared
 * with the target's own range. Ranges are half-open epoch-millisecond intervals [lo, hi).
 */
import { badRequest } from '../operation-outcome.js';

export interface Range {
  readonly lo: number;
  readonly hi: number;
}

const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
type Prefix = (typeof PREFIXES)[number];

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The range a FHIR date or dateTime covers at its precision, or undefined when it is not one. */
export function rangeOf(value: string): Range | undefined {
  const d = DATE.exec(value);
  if (d) {
    const [y, m, day] = [Number(d[1]), d[2] ? Number(d[2]) - 1 : undefined, d[3] ? Number(d[3]) : undefined];
    if ((m !== undefined && m > 11) || (day !== undefined && (day < 1 || day > 31))) return undefined;
    if (m === undefined) return { lo: Date.UTC(y, 0, 1), hi: Date.UTC(y + 1, 0, 1) };
    if (day === undefined) return { lo: Date.UTC(y, m, 1), hi: Date.UTC(y, m + 1, 1) };
    return { lo: Date.UTC(y, m, day), hi: Date.UTC(y, m, day + 1) };
  }
  if (!value.includes('T')) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return undefined;
  // a dateTime without seconds (`2026-01-05T10:00Z`) is precise to the minute
  const secondsGiven = value.split('T')[1]!.split(':').length > 2;
  return { lo: t, hi: t + (secondsGiven ? 1000 : 60_000) };
}

/** A parsed date search value: `ge2026-01-01` → prefix ge, the range of that day. */
export function parseDateParam(raw: string, where: string): { prefix: Prefix; range: Range } {
  const head = raw.slice(0, 2) as Prefix;
  const prefix = PREFIXES.includes(head) ? head : 'eq';
  const value = prefix === head ? raw.slice(2) : raw;
  const range = rangeOf(value);
  if (!range) throw badRequest(`"${raw}" is not a FHIR date search value: [prefix]YYYY[-MM[-DD[Thh:mm[:ss][Z|±hh:mm]]]], prefixes ${PREFIXES.join(', ')}`, where);
  return { prefix, range };
}

/** Whether a target range satisfies a parsed date search value. */
export function dateMatches(param: { prefix: Prefix; range: Range }, target: Range): boolean {
  const p = param.range;
  const within = target.lo >= p.lo && target.hi <= p.hi;
  switch (param.prefix) {
    case 'eq': return within;
    case 'ne': return !within;
    case 'gt': return target.hi > p.hi;
    case 'lt': return target.lo < p.lo;
    case 'ge': return target.hi > p.hi || within;
    case 'le': return target.lo < p.lo || within;
    case 'sa': return target.lo >= p.hi;
    case 'eb': return target.hi <= p.lo;
    case 'ap': return target.lo < p.hi && target.hi > p.lo;
  }
}

/**
 * Small defensive readers over FHIR JSON for the agents: the primary coding of a concept,
 * instants as epoch ms, whole days between instants. Pure, no clock.
 */
import type { CodeableConcept } from '../../src/contracts/fhir-base.js';

export const DAY_MS = 86_400_000;

/** The first coding that has both a system and a code. */
export function primaryCoding(cc: CodeableConcept | undefined): { system: string; code: string; display?: string } | undefined {
  const c = cc?.coding?.find((x) => x.system && x.code);
  if (!c) return undefined;
  const display = c.display ?? cc?.text;
  return { system: c.system!, code: c.code!, ...(display ? { display } : {}) };
}

/** Epoch ms of a FHIR date or dateTime (`2026-01-05` is midnight UTC), or undefined. */
export function toMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(t) ? undefined : t;
}

/** A FHIR instant without milliseconds. */
export function toInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whole days from `a` to `b`. */
export const daysBetween = (a: number, b: number) => Math.floor((b - a) / DAY_MS);

/** Sort by a date (missing dates first), then by id: the one order every fact list uses. */
export function byDateThenId<T extends { id: string }>(date: (t: T) => string | undefined) {
  return (a: T, b: T) => (toMs(date(a)) ?? -Infinity) - (toMs(date(b)) ?? -Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * A resource the payer serves on its own (a read of Claim or ClaimResponse) must not carry
 * references that only meant something inside the PAS request Bundle. Each such reference is
 * made resolvable: to the entry's absolute fullUrl when it has one (the EHR that served it),
 * otherwise by containing a copy of the entry (`#c{n}`). References the payer serves itself
 * (`Claim/{id}` on the payer) are left as they are.
 */
import type { Resource } from '../contracts/fhir-base.js';
import type { BundleIndex } from './bundle-index.js';

type Json = Record<string, unknown>;

/**
 * A copy of `resource` whose references resolve outside `index`'s Bundle.
 * @example withResolvableReferences(claim, submission.index, ['request'])
 */
export function withResolvableReferences<T extends Resource>(resource: T, index: BundleIndex, skipKeys: readonly string[] = []): T {
  const contained = new Map<number, Json>();
  const visit = (value: unknown, key: string | undefined): unknown => {
    if (Array.isArray(value)) return value.map((v) => visit(v, key));
    if (!value || typeof value !== 'object') return value;
    const obj = value as Json;
    const out: Json = {};
    for (const [k, v] of Object.entries(obj)) out[k] = skipKeys.includes(k) ? v : visit(v, k);
    const ref = obj.reference;
    if (typeof ref === 'string' && !ref.startsWith('#') && !ref.startsWith('http')) {
      const i = index.indexOf(ref);
      const entry = i === undefined ? undefined : index.entry(i);
      if (entry?.fullUrl?.startsWith('http')) out.reference = entry.fullUrl;
      else if (entry && i !== undefined) {
        if (!contained.has(i)) contained.set(i, { ...(entry.resource as Json), id: `c${i}` });
        out.reference = `#c${i}`;
      }
    }
    return out;
  };
  const copy = visit(resource, undefined) as Json;
  if (contained.size > 0) copy.contained = [...((copy.contained as Json[] | undefined) ?? []), ...contained.values()];
  return copy as T;
}

/**
 * Resolves references inside a PAS Bundle: `Patient/1`, an absolute URL ending in `Patient/1`,
 * or a `urn:uuid:` fullUrl. Each resource may appear only once (PAS: every referenced resource,
 * exactly once), so a duplicate `Type/id` is a 400 naming both entries.
 */
import type { Resource } from '../contracts/fhir-base.js';
import { badRequest } from '../core/operation-outcome.js';

interface Entry {
  fullUrl?: string;
  resource: Resource;
}

const RESOURCE_TYPE = /^[A-Za-z]{1,64}$/;
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * `Type/id` at the end of a reference (`…/Patient/1` or `…/Patient/1/_history/2`), by splitting
 * on `/` rather than by an unanchored regex: that one backtracked quadratically on a crafted
 * reference and froze the event loop for a minute on a 200 KB body.
 */
function typeAndId(reference: string): string | undefined {
  const parts = reference.split('/');
  if (parts.length >= 4 && parts[parts.length - 2] === '_history' && parts[parts.length - 1] !== '') parts.length -= 2;
  if (parts.length < 2) return undefined;
  const type = parts[parts.length - 2]!;
  const id = parts[parts.length - 1]!;
  return RESOURCE_TYPE.test(type) && RESOURCE_ID.test(id) ? `${type}/${id}` : undefined;
}

export class BundleIndex {
  private readonly byKey = new Map<string, number>();

  constructor(private readonly entries: readonly Entry[]) {
    entries.forEach((e, i) => {
      const keys = new Set<string>();
      if (e.resource.id) keys.add(`${e.resource.resourceType}/${e.resource.id}`);
      if (e.fullUrl) keys.add(e.fullUrl);
      for (const key of keys) {
        const first = this.byKey.get(key);
        if (first !== undefined) {
          throw badRequest(`Bundle.entry[${i}]: ${key} already appears at Bundle.entry[${first}]; include each resource exactly once`, `Bundle.entry[${i}]`);
        }
        this.byKey.set(key, i);
      }
    });
  }

  /** The entry index a reference points at, or undefined. */
  indexOf(reference: string): number | undefined {
    const direct = this.byKey.get(reference);
    if (direct !== undefined) return direct;
    const key = typeAndId(reference);
    return key ? this.byKey.get(key) : undefined;
  }

  resolve(reference: string | undefined): Resource | undefined {
    if (!reference) return undefined;
    const i = this.indexOf(reference);
    return i === undefined ? undefined : this.entries[i]!.resource;
  }

  /**
   * Resolve or throw the PAS 400: `Claim.patient: reference Patient/x is not in the Bundle`.
   * `types` restricts what the reference may point at.
   */
  require(path: string, reference: string | undefined, types?: readonly string[]): Resource {
    const found = this.resolve(reference);
    if (!found) throw badRequest(`${path}: reference ${reference ?? '(none)'} is not in the Bundle; add the resource as an entry`, path);
    if (types && !types.includes(found.resourceType)) {
      throw badRequest(`${path}: reference ${reference} points at a ${found.resourceType}, expected ${types.join(' or ')}`, path);
    }
    return found;
  }

  entry(i: number): Entry | undefined {
    return this.entries[i];
  }
}

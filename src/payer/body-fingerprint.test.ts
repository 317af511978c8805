import { PasRequestBundleSchema } from '../contracts/pas.js';
import { ProcedureCodes } from '../contracts/clinical-codes.js';
import { Router, type SimRequest } from '../core/router.js';
import { fingerprint, fingerprintOf } from './idempotency-store.js';
import { substanceFingerprint } from './request-substance.js';
import { validateSubmission, type Submission } from './submission-validator.js';
import { meetsCriteria, pasBundle } from './testing/pas-fixtures.js';

/** Every object's keys in reverse order, recursively: the same document written another way. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

/** The substance fingerprint as it was defined before it skipped the text: written out, then parsed again. */
function substanceByText(s: Submission): string {
  const strip = (r: unknown) => {
    if (!r || typeof r !== 'object') return r;
    const { id: _id, meta: _meta, ...rest } = r as Record<string, unknown>;
    return rest;
  };
  return fingerprint(JSON.stringify({
    patient: strip(s.index.resolve(s.claim.patient.reference)),
    items: s.claim.item.map((i) => ({ productOrService: i.productOrService, quantity: (i as { quantity?: unknown }).quantity })),
    diagnosis: (s.claim as { diagnosis?: unknown }).diagnosis,
  }));
}

/** Bodies a client may send: every procedure, with and without evidence, odd quantities, extra fields, other key orders. */
function bodies(): string[] {
  const out: string[] = [];
  let n = 0;
  for (const procedure of Object.keys(ProcedureCodes) as (keyof typeof ProcedureCodes)[]) {
    for (const evidence of [meetsCriteria(procedure), []]) {
      for (const quantity of [1, 2.5, 1e21]) {
        const bundle = pasBundle({ procedure, evidence, quantity, claimId: `C-${++n}`, bundleId: `B-${n}` }) as Record<string, unknown>;
        out.push(JSON.stringify(bundle));
        out.push(JSON.stringify(reversed(bundle)));
        out.push(JSON.stringify({ ...bundle, extension: [{ url: 'urn:x', valueString: 'é\u2028"\\\u0000' }], meta: { tag: [] } }, null, n % 3));
      }
    }
  }
  return out;
}

/** The SimRequest a `$submit` body becomes, after `json()` ran. */
async function parsedRequest(text: string): Promise<{ req: SimRequest; bundle: unknown }> {
  let seen: { req: SimRequest; bundle: unknown } | undefined;
  const router = new Router({ bodyLimitBytes: 1 << 20 }).add({
    method: 'POST', path: '/submit', handler: async (req) => {
      seen = { req, bundle: await req.json(PasRequestBundleSchema, 'Bundle') };
      return new Response(null, { status: 204 });
    },
  });
  const res = await router.handle(new Request('http://sim.test/submit', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: text }));
  expect(res.status).toBe(204);
  return seen!;
}

describe('fingerprints without a second parse', () => {
  it('fingerprintOf the parse json() made equals fingerprint of the text, for generated bodies', async () => {
    const texts = bodies();
    expect(texts.length).toBeGreaterThan(50);
    for (const text of texts) {
      const { req } = await parsedRequest(text);
      const parsed = req.parsedBody?.();
      expect(parsed).toBeDefined();
      expect(fingerprintOf(parsed)).toBe(fingerprint(text));
    }
  });

  it('json() leaves what it parsed as it was: the schema does not change the value the fingerprint reads', async () => {
    const text = bodies()[2]!;
    const { req, bundle } = await parsedRequest(text);
    expect(req.parsedBody?.()).toEqual(JSON.parse(text));
    expect(req.parsedBody?.()).not.toBe(bundle);
  });

  it('is undefined before json() ran, so the handler falls back to the text', async () => {
    let before: unknown = 'unset';
    const router = new Router({ bodyLimitBytes: 1024 }).add({
      method: 'POST', path: '/x', handler: (req) => {
        before = req.parsedBody?.();
        return new Response(null, { status: 204 });
      },
    });
    await router.handle(new Request('http://sim.test/x', { method: 'POST', body: '{}' }));
    expect(before).toBeUndefined();
  });

  it('the substance fingerprint is the one stored claims got by writing the substance out and parsing it', async () => {
    const prints = new Set<string>();
    for (const text of bodies()) {
      const submission = validateSubmission(PasRequestBundleSchema.parse(JSON.parse(text)));
      const print = substanceFingerprint(submission);
      expect(print).toBe(substanceByText(submission));
      prints.add(print);
    }
    // different procedures and quantities are different substances; key order and envelope are not
    expect(prints.size).toBe(Object.keys(ProcedureCodes).length * 3);
  });
});

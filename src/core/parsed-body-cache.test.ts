import { z } from 'zod';
import { OperationOutcomeError } from './operation-outcome.js';
import { createParsedBodyCache, PARSED_BODY_CACHE_MAX_CHARS } from './parsed-body-cache.js';
import { Router, type SimRequest } from './router.js';

const Schema = z.object({ resourceType: z.literal('Bundle'), entry: z.array(z.object({ n: z.number() })) });

/** Runs `fn` on the SimRequest the router builds for a POST of `body` with `type`; answers what it returned or the error status. */
async function through<T>(fn: (req: SimRequest) => Promise<T>, body: string, type = 'application/fhir+json'): Promise<T | number> {
  let out: T | number = 0;
  const router = new Router({ bodyLimitBytes: 1_000_000 }).add({ method: 'POST', path: '/x', handler: async (req) => {
    try {
      out = await fn(req);
    } catch (e) {
      out = (e as OperationOutcomeError).status;
    }
    return new Response(null, { status: 204 });
  } });
  await router.handle(new Request('http://sim/x', { method: 'POST', headers: { 'content-type': type }, body }));
  return out;
}

describe('createParsedBodyCache', () => {
  const good = JSON.stringify({ resourceType: 'Bundle', entry: [{ n: 1 }] });

  it('answers an identical text with the result validated before, frozen', async () => {
    const parse = createParsedBodyCache(Schema, 'Bundle');
    const first = await through(parse, good);
    const second = await through(parse, good);
    expect(first).toEqual({ resourceType: 'Bundle', entry: [{ n: 1 }] });
    expect(second).toBe(first);
    expect(Object.isFrozen((first as z.infer<typeof Schema>).entry[0])).toBe(true);
    expect(await through(parse, JSON.stringify({ resourceType: 'Bundle', entry: [{ n: 2 }] }))).toEqual({ resourceType: 'Bundle', entry: [{ n: 2 }] });
  });

  it('still checks every request: the content type of a known text, and an invalid text each time', async () => {
    const parse = createParsedBodyCache(Schema, 'Bundle');
    await through(parse, good);
    expect(await through(parse, good, 'text/plain')).toBe(415);
    const bad = JSON.stringify({ resourceType: 'Bundle', entry: [{ n: 'one' }] });
    expect(await through(parse, bad)).toBe(400);
    expect(await through(parse, bad)).toBe(400);
    expect(await through(parse, '{"resourceType":')).toBe(400);
  });

  it('answers each text with its own result when texts alternate, past the capacity too', async () => {
    const parse = createParsedBodyCache(Schema, 'Bundle', 2);
    const texts = [1, 2, 1, 1, 3, 2, 2, 1, 3, 3, 1].map((n) => ({ n, text: JSON.stringify({ resourceType: 'Bundle', entry: [{ n }] }) }));
    for (const { n, text } of texts) expect(await through(parse, text)).toEqual({ resourceType: 'Bundle', entry: [{ n }] });
  });

  it('parses a long text every time instead of keeping it', async () => {
    const parse = createParsedBodyCache(Schema, 'Bundle');
    const long = JSON.stringify({ resourceType: 'Bundle', entry: Array.from({ length: PARSED_BODY_CACHE_MAX_CHARS / 7 }, (_, n) => ({ n })) });
    expect(long.length).toBeGreaterThan(PARSED_BODY_CACHE_MAX_CHARS);
    const first = await through(parse, long);
    const second = await through(parse, long);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });
});

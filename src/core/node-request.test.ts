import { heldRequestBody, peekRequestText } from './held-body.js';
import { nodeRequest } from './node-request.js';

describe('nodeRequest', () => {
  const body = new TextEncoder().encode('{"a":"é"}');
  const make = () => nodeRequest('http://127.0.0.1:4010/payer/fhir/Claim/$inquire?x=1', 'POST', { 'content-type': 'application/fhir+json', 'x-request-id': 'r1' }, body);

  it('reads as the Request undici would build from the same parts', async () => {
    const ours = make();
    const theirs = new Request('http://127.0.0.1:4010/payer/fhir/Claim/$inquire?x=1', { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'x-request-id': 'r1' }, body });
    expect(ours).toBeInstanceOf(Request);
    for (const k of ['url', 'method', 'cache', 'credentials', 'destination', 'integrity', 'keepalive', 'mode', 'redirect', 'referrer', 'referrerPolicy', 'bodyUsed'] as const) {
      expect([k, ours[k]]).toEqual([k, theirs[k]]);
    }
    expect((ours as unknown as { duplex: string }).duplex).toBe('half');
    const entries = (h: Headers) => {
      const out: [string, string][] = [];
      h.forEach((v, k) => out.push([k, v]));
      return out;
    };
    expect(entries(ours.headers)).toEqual(entries(theirs.headers));
    expect(ours.signal.aborted).toBe(false);
    expect(await ours.clone().text()).toBe(await theirs.clone().text());
    expect(await ours.clone().json()).toEqual({ a: 'é' });
    expect(new Uint8Array(await ours.clone().arrayBuffer())).toEqual(body);
    expect(await new Response(ours.clone().body).text()).toBe('{"a":"é"}');
    expect(await ours.text()).toBe('{"a":"é"}');
    expect(ours.bodyUsed).toBe(true);
    await expect(ours.text()).rejects.toThrow(TypeError);
    expect(() => ours.clone()).toThrow(TypeError);
  });

  it('holds its body for the engine, which reads it without consuming the Request', async () => {
    const req = make();
    expect(heldRequestBody(req)).toBe(body);
    expect(await peekRequestText(req)).toBe('{"a":"é"}');
    expect(req.bodyUsed).toBe(false);
    expect(heldRequestBody(new Request('http://x/', { method: 'POST', body: 'x' }))).toBeUndefined();
  });

  it('has no body on GET and HEAD, and an empty one on a POST that sent none', async () => {
    expect(nodeRequest('http://x/a', 'GET', {}).body).toBeNull();
    expect(nodeRequest('http://x/a', 'HEAD', {}, body).body).toBeNull();
    expect(await nodeRequest('http://x/a', 'POST', {}).text()).toBe('');
  });
});

import { heldResponseText, plainResponse, responseBytes, textResponse } from './held-body.js';

describe('textResponse', () => {
  const init = { status: 201, statusText: 'Created', headers: { 'Content-Type': 'application/fhir+json', Location: 'http://x/Claim/1', 'x-b': ' two ' } };
  const entries = (h: Headers) => {
    const out: string[] = [];
    h.forEach((v, k) => out.push(`${k}=${v}`));
    return out;
  };

  it('reads as the Response undici would build from the same text and init', async () => {
    const ours = textResponse('{"a":"é"}', init);
    const theirs = new Response('{"a":"é"}', init);
    expect(ours).toBeInstanceOf(Response);
    for (const k of ['status', 'statusText', 'ok', 'type', 'url', 'redirected', 'bodyUsed'] as const) expect([k, ours[k]]).toEqual([k, theirs[k]]);
    expect(entries(ours.headers)).toEqual(entries(theirs.headers));
    expect(await ours.clone().text()).toBe(await theirs.clone().text());
    expect(await ours.clone().json()).toEqual(await theirs.clone().json());
    expect(new Uint8Array(await ours.clone().arrayBuffer())).toEqual(new Uint8Array(await theirs.clone().arrayBuffer()));
    expect(await new Response(ours.clone().body).text()).toBe('{"a":"é"}');
    const plain = plainResponse(ours);
    expect(Object.getPrototypeOf(plain)).toBe(Response.prototype);
    expect([plain.status, entries(plain.headers), await plain.text()]).toEqual([201, entries(theirs.headers), '{"a":"é"}']);
    expect(await ours.text()).toBe('{"a":"é"}');
    expect(ours.bodyUsed).toBe(true);
    await expect(ours.text()).rejects.toThrow(TypeError);
    expect(() => ours.clone()).toThrow(TypeError);
  });

  it('holds its text for the transport until somebody reads the body', async () => {
    const res = textResponse('hello', { status: 200 });
    expect(heldResponseText(res)).toBe('hello');
    expect(new TextDecoder().decode(await responseBytes(res))).toBe('hello');
    await res.text();
    expect(heldResponseText(res)).toBeUndefined();
    expect(heldResponseText(new Response('x'))).toBeUndefined();
  });

  it('refuses what a Response refuses: a status out of range, a header value with a line break', () => {
    expect(() => textResponse('', { status: 99 })).toThrow(RangeError);
    expect(() => textResponse('', { status: 600 })).toThrow(RangeError);
    expect(() => textResponse('', { headers: { location: 'a\r\nset-cookie: x' } })).toThrow(TypeError);
  });
});

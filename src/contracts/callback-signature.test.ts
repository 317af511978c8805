import { deriveCallbackSecret, signCallbackBody, verifyCallbackSignature } from './callback-signature.js';

describe('callback signatures', () => {
  const key = 'orchestrator-key';

  it('verifies a body signed with the secret derived for the callback', async () => {
    const secret = await deriveCallbackSecret(key, 'cb-1');
    const header = await signCallbackBody(secret, '{"decision":"approved"}');
    expect(header).toMatch(/^v1=[A-Za-z0-9_-]{43}$/);
    await expect(verifyCallbackSignature(key, 'cb-1', '{"decision":"approved"}', header)).resolves.toBe(true);
  });

  it('refuses another callback, another body, another key and malformed headers', async () => {
    const header = await signCallbackBody(await deriveCallbackSecret(key, 'cb-1'), 'body');
    await expect(verifyCallbackSignature(key, 'cb-2', 'body', header)).resolves.toBe(false);
    await expect(verifyCallbackSignature(key, 'cb-1', 'body!', header)).resolves.toBe(false);
    await expect(verifyCallbackSignature('other-key', 'cb-1', 'body', header)).resolves.toBe(false);
    for (const bad of [undefined, null, '', 'v1=', 'v2=abc', `${header}x`, header.slice(0, -1)]) {
      await expect(verifyCallbackSignature(key, 'cb-1', 'body', bad)).resolves.toBe(false);
    }
  });

  it('derives different secrets per callback and per key', async () => {
    const a = await deriveCallbackSecret(key, 'cb-1');
    expect(a).not.toBe(await deriveCallbackSecret(key, 'cb-2'));
    expect(a).not.toBe(await deriveCallbackSecret('k2', 'cb-1'));
    expect(a).toBe(await deriveCallbackSecret(key, 'cb-1'));
  });
});

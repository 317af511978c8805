/**
 * Callback signatures: how a system proves that a callback completion (a physician's decision,
 * a payer notification) comes from the system that was handed the callback.
 *
 * The orchestrator holds one secret key. For each callback it derives a per-callback secret,
 * `deriveCallbackSecret(key, callbackId)`, and hands it, with the callback URL, only to the
 * system that must answer. That system signs the exact bytes it POSTs:
 * `X-Callback-Signature: v1=<base64url HMAC-SHA256(secret, body)>`. The receiver derives the
 * secret again from its key (no table to keep, so a stateless relay on AWS Lambda verifies the
 * same way) and checks the signature in constant time (WebCrypto's HMAC verify).
 *
 * Web Crypto only, so this module runs in Node, browsers and msw alike.
 *
 * @example
 * const secret = await deriveCallbackSecret(key, callbackId);          // orchestrator, at hand-off
 * const header = await signCallbackBody(secret, body);                 // review system, on delivery
 * const ok = await verifyCallbackSignature(key, callbackId, body, header); // orchestrator, on receipt
 */

/** The header a signed callback completion carries. */
export const CALLBACK_SIGNATURE_HEADER = 'x-callback-signature';

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

function toBase64Url(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString('base64url');
}

/** The per-callback secret: base64url(HMAC-SHA256(key, "callback:" + callbackId)). */
export async function deriveCallbackSecret(key: string, callbackId: string): Promise<string> {
  return toBase64Url(await globalThis.crypto.subtle.sign('HMAC', await hmacKey(key), encoder.encode(`callback:${callbackId}`)));
}

/** The `X-Callback-Signature` value for a body: `v1=<base64url HMAC-SHA256(secret, body)>`. */
export async function signCallbackBody(secret: string, body: string): Promise<string> {
  return `v1=${toBase64Url(await globalThis.crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(body)))}`;
}

/**
 * True only when `header` is a valid signature of `body` by the secret derived for this
 * callback. Constant time in the signature (WebCrypto verify); false for a missing or
 * malformed header.
 */
export async function verifyCallbackSignature(key: string, callbackId: string, body: string, header: string | undefined | null): Promise<boolean> {
  const match = typeof header === 'string' ? /^v1=([A-Za-z0-9_-]{43})$/.exec(header.trim()) : null;
  if (!match) return false;
  const secret = await deriveCallbackSecret(key, callbackId);
  const signature = Buffer.from(match[1]!, 'base64url');
  return globalThis.crypto.subtle.verify('HMAC', await hmacKey(secret), signature, encoder.encode(body));
}

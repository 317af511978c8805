/**
 * The orchestrator's side of signed callbacks (src/contracts/callback-signature.ts): its secret
 * key — generated once and kept beside the runtime's database, or passed in — the per-callback
 * secret handed to the system that must answer, and the check every completion over HTTP
 * passes (review decisions, payer notifications). A completion that fails it is a 401 and
 * changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deriveCallbackSecret, verifyCallbackSignature } from '../src/contracts/callback-signature.js';

/** Checks a completion's `X-Callback-Signature` over its exact body for this callback id. */
export type CallbackVerifier = (callbackId: string, body: string, signature: string | undefined) => Promise<boolean>;

/** A fresh 256-bit key, base64url. */
export function newCallbackKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The key stored at `path` (created, mode 0600, when missing). Kept with the runtime's data so
 * callbacks handed out before a restart can still be completed after it.
 * @example const key = loadOrCreateCallbackKey('data/callback.key');
 */
export function loadOrCreateCallbackKey(path: string): string {
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    if (key.length < 32) throw new Error(`${path}: the callback key is shorter than 32 characters; delete the file to have a new one generated`);
    return key;
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = newCallbackKey();
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

export function createCallbackAuth(key: string): { secretFor: (callbackId: string) => Promise<string>; verify: CallbackVerifier } {
  return {
    secretFor: (callbackId) => deriveCallbackSecret(key, callbackId),
    verify: (callbackId, body, signature) => verifyCallbackSignature(key, callbackId, body, signature),
  };
}

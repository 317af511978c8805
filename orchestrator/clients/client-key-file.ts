/**
 * The orchestrator's own SMART key pair kept in a file, for a long-lived orchestrator (`npm start
 * --auth smart`): made once (a random ES384 pair), stored as its private JWK (mode 0600) beside
 * the runtime's database, and read back on every start — so the public key a simulator has
 * registered stays the orchestrator's across restarts of either process.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, type KeyObject } from 'jose';
import type { ClientKey } from './client-key.js';

const ALG = 'ES384';

async function fromPrivateJwk(privateJwk: JWK): Promise<ClientKey> {
  const { kty, crv, x, y } = privateJwk;
  const publicJwk: JWK = { kty, crv, x, y };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK({ ...privateJwk, alg: ALG }, ALG)) as CryptoKey | KeyObject;
  return { alg: ALG, kid, privateKey, publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' } };
}

/**
 * The key pair stored at `path`, created (mode 0600) when missing.
 * @example const key = await loadOrCreateClientKey('data/orchestrator.sqlite.smart-key.json');
 */
export async function loadOrCreateClientKey(path: string): Promise<ClientKey> {
  if (existsSync(path)) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
    } catch {
      throw new Error(`${path}: not a JSON private key; delete the file to have a new key pair made (and registered)`);
    }
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-384' || typeof jwk.d !== 'string') throw new Error(`${path}: expected an EC P-384 private JWK; delete the file to have a new key pair made (and registered)`);
    return fromPrivateJwk(jwk);
  }
  const pair = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(pair.privateKey);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d })}\n`, { mode: 0o600, flag: 'wx' });
  return fromPrivateJwk(jwk);
}

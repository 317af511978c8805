/**
 * The orchestrator's own SMART key pair: ES384 (P-384) or RS384, made at start, or ES384 derived
 * from a seed so that a seeded run registers the same public key every time. Derivation takes the
 * private scalar from SHA-384 of the seed and lets node's ECDH compute the public point: no
 * curve arithmetic of our own. Only the public JWK is ever registered with a server.
 */
import { createECDH, createHash } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, type KeyObject } from 'jose';

export type ClientKeyAlg = 'ES384' | 'RS384';

export interface ClientKey {
  readonly alg: ClientKeyAlg;
  /** The JWK thumbprint (RFC 7638): the `kid` of the assertions' header and of the public JWK. */
  readonly kid: string;
  readonly privateKey: CryptoKey | KeyObject;
  readonly publicJwk: JWK;
}

const b64url = (b: Buffer) => b.toString('base64url');

/**
 * @example
 * const key = await createClientKey({ seed: 'run-42' });
 * await registerAt(simulator, { clientId: 'orchestrator', jwks: publicJwks(key) });
 */
export async function createClientKey(options: { alg?: ClientKeyAlg; seed?: string } = {}): Promise<ClientKey> {
  const alg = options.alg ?? 'ES384';
  let privateJwk: JWK;
  let publicJwk: JWK;
  if (options.seed !== undefined) {
    if (alg !== 'ES384') throw new Error('a key derived from a seed is ES384 only');
    const d = createHash('sha384').update(`prior-auth-sim/client-key/${options.seed}`).digest();
    const ecdh = createECDH('secp384r1');
    ecdh.setPrivateKey(d);
    const point = ecdh.getPublicKey(); // 0x04 || x || y
    publicJwk = { kty: 'EC', crv: 'P-384', x: b64url(point.subarray(1, 49)), y: b64url(point.subarray(49, 97)) };
    privateJwk = { ...publicJwk, d: b64url(d) };
  } else {
    const pair = await generateKeyPair(alg, { extractable: true });
    privateJwk = await exportJWK(pair.privateKey);
    publicJwk = await exportJWK(pair.publicKey);
  }
  const kid = await calculateJwkThumbprint(publicJwk);
  return { alg, kid, privateKey: (await importJWK({ ...privateJwk, alg }, alg)) as CryptoKey | KeyObject, publicJwk: { ...publicJwk, kid, alg, use: 'sig' } };
}

/** The JWKS to register with a SMART server (public members only). */
export function publicJwks(key: ClientKey): { keys: JWK[] } {
  return { keys: [key.publicJwk] };
}

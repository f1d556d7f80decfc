import { createPrivateKey, createPublicKey, sign, constants, type KeyObject } from 'node:crypto';
import { decodeBase58, encodeBase58 } from '@healthcred/base58';
import { HealthcredError } from '@healthcred/errors';

/** The key types of DIVOC's signer: RSA (`RsaSignature2018`, PS256) or Ed25519 (`Ed25519Signature2018`). */
export type DivocKeyType = 'RsaVerificationKey2018' | 'Ed25519VerificationKey2018';

/**
 * A country's DIVOC signing key, as its verifier apps know it: one key under one key id (`did:srilanka:moh`) that no
 * resolver can look up. `privateKey` is imported once; the public part is what the apps have baked in.
 */
export type DivocKey = { keyId: string; privateKey: KeyObject } & (
  | { type: 'RsaVerificationKey2018'; publicKeyPem: string }
  | { type: 'Ed25519VerificationKey2018'; publicKeyBase58: string }
);

/** The key material to import: an RSA private key in PEM, or an Ed25519 private key in base58 (as DIVOC keeps them). */
export type DivocKeyImport =
  | { keyId: string; privateKeyPem: string }
  | { keyId: string; privateKeyBase58: string; publicKeyBase58?: string };

// A key id the fast canonicalizer writes verbatim: a DID or an http(s) URL of RFC 3986 characters.
const IRI_CHARS = "[A-Za-z0-9\\-._~:/?#[\\]@!$&'()*+,;=%]";
const KEY_ID = new RegExp(`^(?:did:[a-z0-9]+(?::${IRI_CHARS}+)?|https?://${IRI_CHARS}+)$`);
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const MIN_RSA_BITS = 2048;

function keyError(source: string, field: string, problem: string): HealthcredError {
  return new HealthcredError('key_error', `DIVOC key ${source}: ${field} ${problem}.`, { field });
}

function checkKeyId(keyId: unknown, source: string): string {
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) {
    throw keyError(source, 'keyId', 'must be the key id the verifier apps know, a DID such as did:india or did:srilanka:moh, or an https URL');
  }
  return keyId;
}

function importRsa(keyId: string, pem: string, source: string): DivocKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // The parser's message may quote the input, which is a secret.
    throw keyError(source, 'privateKeyPem', 'is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'rsa') throw keyError(source, 'privateKeyPem', 'must be an RSA key');
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw keyError(source, 'privateKeyPem', `must have at least ${MIN_RSA_BITS} bits, has ${bits}`);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { keyId, type: 'RsaVerificationKey2018', publicKeyPem, privateKey };
}

function importEd25519(keyId: string, privateKeyBase58: string, publicKeyBase58: string | undefined, source: string): DivocKey {
  const secret = typeof privateKeyBase58 === 'string' ? decodeBase58(privateKeyBase58) : undefined;
  if (secret === undefined) throw keyError(source, 'privateKeyBase58', 'is not base58');
  // DIVOC (crypto-ld) keeps the 64-byte secret key, seed then public key; a bare 32-byte seed is accepted too.
  if (secret.length !== 64 && secret.length !== 32) throw keyError(source, 'privateKeyBase58', 'must decode to 32 or 64 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, secret.subarray(0, 32)]), format: 'der', type: 'pkcs8',
  });
  const derived = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
  if (secret.length === 64 && !derived.equals(secret.subarray(32))) {
    throw keyError(source, 'privateKeyBase58', 'holds a public half that does not belong to its seed');
  }
  const derivedBase58 = encodeBase58(derived);
  if (publicKeyBase58 !== undefined && publicKeyBase58 !== derivedBase58) {
    throw keyError(source, 'publicKeyBase58', 'does not belong to the private key');
  }
  return { keyId, type: 'Ed25519VerificationKey2018', publicKeyBase58: derivedBase58, privateKey };
}

/**
 * Imports a country's existing DIVOC key under its existing key id. Errors name the field, never the key material.
 *
 * @param source - Where the key came from, for error messages (a path, `--pem`).
 * @throws HealthcredError `key_error` for a key id that is not a DID or http(s) URL, a PEM that is not an RSA private
 *   key of 2048+ bits, base58 that is not an Ed25519 secret key, or a public key that does not match.
 */
export function importDivocKey(material: DivocKeyImport, source: string): DivocKey {
  const keyId = checkKeyId(material.keyId, source);
  if ('privateKeyPem' in material) return importRsa(keyId, material.privateKeyPem, source);
  return importEd25519(keyId, material.privateKeyBase58, material.publicKeyBase58, source);
}

/** Signs the way DIVOC's suites do: what a detached JWS of `RsaSignature2018` / `Ed25519Signature2018` signs. */
export interface DivocSigner {
  keyId: string;
  proofType: 'RsaSignature2018' | 'Ed25519Signature2018';
  /** The JWS `alg`: `PS256` (RSASSA-PSS, SHA-256, salt of the digest's length) or `EdDSA`. */
  alg: 'PS256' | 'EdDSA';
  sign(data: Uint8Array): Promise<Buffer>;
}

/**
 * A signer over an imported DIVOC key (node:crypto; PSS as crypto-ld's RSAKeyPair signs). An RSA signature (about
 * half a millisecond of CPU) is made on libuv's thread pool, so signatures asked for together use every core while
 * the main thread goes on; an Ed25519 one (tens of microseconds) on the calling thread.
 */
export function createDivocSigner(key: DivocKey): DivocSigner {
  const { keyId, privateKey } = key;
  if (key.type === 'Ed25519VerificationKey2018') {
    return { keyId, proofType: 'Ed25519Signature2018', alg: 'EdDSA', sign: async (data) => sign(null, data, privateKey) };
  }
  const options = { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  return {
    keyId, proofType: 'RsaSignature2018', alg: 'PS256',
    sign: (data) => new Promise((resolve, reject) => {
      sign('sha256', data, options, (error, signature) => (error ? reject(error) : resolve(signature)));
    }),
  };
}

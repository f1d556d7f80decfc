import { X509Certificate } from 'node:crypto';
import { decodeMultibaseKey, ED25519_PUBLIC_PREFIX, encodeMultibaseKey } from '@healthcred/issuer-identity';
import type { Ed25519VerificationMethod } from '@healthcred/types';

/** A public JSON Web Key as GDHCN trust lists carry them: OKP (Ed25519), EC or RSA, DSCs with their `x5c` chain. */
export interface PublicJwk {
  kty: 'OKP' | 'EC' | 'RSA';
  kid?: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  /** Base64 DER certificates, the key's own first (RFC 7517 section 4.7). */
  x5c?: string[];
}

/** The OKP JWK of an Ed25519VerificationKey2020 method (RFC 8037), its `kid` the method id's fragment. */
export function ed25519Jwk(method: Ed25519VerificationMethod): PublicJwk {
  const key = decodeMultibaseKey(method.publicKeyMultibase, ED25519_PUBLIC_PREFIX, 32)!;
  return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key).toString('base64url'), kid: method.id.slice(method.id.indexOf('#') + 1) };
}

/** The raw Ed25519 public key of an OKP JWK, or undefined unless it is one (32 bytes, base64url). */
export function ed25519KeyOf(jwk: PublicJwk): Uint8Array | undefined {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(jwk.x)) return undefined;
  const key = Buffer.from(jwk.x, 'base64url');
  return key.length === 32 ? key : undefined;
}

/** The Ed25519VerificationKey2020 method of a raw Ed25519 key. */
export function ed25519Method(key: Uint8Array, options: { id: string; controller: string }): Ed25519VerificationMethod {
  return {
    id: options.id, type: 'Ed25519VerificationKey2020', controller: options.controller,
    publicKeyMultibase: encodeMultibaseKey(ED25519_PUBLIC_PREFIX, key),
  };
}

/** The public JWK of a certificate's key (EC: crv, x, y; RSA: n, e), with the certificate as `x5c`. */
export function certificateJwk(certificate: X509Certificate, kid: string): PublicJwk {
  const jwk = certificate.publicKey.export({ format: 'jwk' }) as PublicJwk;
  const parts = jwk.kty === 'EC' ? { crv: jwk.crv, x: jwk.x, y: jwk.y } : { n: jwk.n, e: jwk.e };
  return { kty: jwk.kty, kid, ...parts, x5c: [certificate.raw.toString('base64')] };
}

/**
 * An integer member of a JWK as bytes without leading zeros. GDHCN trust lists write some as base64 with padding
 * and a leading zero byte (a Java BigInteger's sign byte), others as plain base64url: both mean the same number.
 */
function magnitude(value: string | undefined): string | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]+=*$/.test(value)) return undefined;
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  return bytes.subarray(start).toString('hex');
}

/** Whether a JWK's public key is the certificate's (the same curve and point, or the same modulus and exponent). */
export function jwkMatchesCertificate(jwk: PublicJwk, certificate: X509Certificate): boolean {
  const own = certificate.publicKey.export({ format: 'jwk' }) as PublicJwk;
  if (own.kty !== jwk.kty) return false;
  const members = own.kty === 'EC' ? ['x', 'y'] as const : ['n', 'e'] as const;
  if (own.kty === 'EC' && own.crv !== jwk.crv) return false;
  return members.every((member) => magnitude(jwk[member]) !== undefined && magnitude(jwk[member]) === magnitude(own[member]));
}

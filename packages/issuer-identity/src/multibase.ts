import { decodeBase58, encodeBase58 } from '@healthcred/base58';

/** Multicodec prefix of an Ed25519 public key (varint of 0xed). */
export const ED25519_PUBLIC_PREFIX = Uint8Array.of(0xed, 0x01);
/** Multicodec prefix of an Ed25519 private key (varint of 0x1300). */
export const ED25519_PRIVATE_PREFIX = Uint8Array.of(0x80, 0x26);

/** Multibase base58btc (`z` + base58) of a multicodec prefix followed by key bytes. */
export function encodeMultibaseKey(prefix: Uint8Array, key: Uint8Array): string {
  const bytes = new Uint8Array(prefix.length + key.length);
  bytes.set(prefix);
  bytes.set(key, prefix.length);
  return `z${encodeBase58(bytes)}`;
}

/**
 * Decodes a multibase base58btc key and strips its multicodec prefix.
 * Returns undefined unless the text is `z`-prefixed base58 starting with `prefix` and `length` key bytes follow.
 */
export function decodeMultibaseKey(text: string, prefix: Uint8Array, length: number): Uint8Array | undefined {
  if (!text.startsWith('z')) return undefined;
  const bytes = decodeBase58(text.slice(1));
  if (!bytes || bytes.length !== prefix.length + length) return undefined;
  if (!prefix.every((byte, i) => bytes[i] === byte)) return undefined;
  return bytes.slice(prefix.length);
}

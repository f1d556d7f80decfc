const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Map([...ALPHABET].map((char, i) => [char, i]));

/** Multicodec prefix of an Ed25519 public key (varint of 0xed). */
export const ED25519_PUBLIC_PREFIX = Uint8Array.of(0xed, 0x01);
/** Multicodec prefix of an Ed25519 private key (varint of 0x1300). */
export const ED25519_PRIVATE_PREFIX = Uint8Array.of(0x80, 0x26);

/** Encodes bytes as base58btc (Bitcoin alphabet), without the multibase `z` prefix. */
export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  return '1'.repeat(zeros) + digits.reverse().map((d) => ALPHABET[d]).join('');
}

/** Decodes base58btc text (without the `z` prefix). Returns undefined when a character is outside the alphabet. */
export function decodeBase58(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    let carry = INDEX.get(text[i]!);
    if (carry === undefined) return undefined;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes.reverse()]);
}

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

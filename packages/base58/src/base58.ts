/** The base58btc (Bitcoin) alphabet, as multibase `z` uses. */
export const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE58_ALPHABET.length; i++) VALUES[BASE58_ALPHABET.charCodeAt(i)] = i;

// Base conversion works on limbs rather than single digits: base-58^5 limbs when encoding, base-2^16 limbs when
// decoding, fed two bytes or five characters at a time. Every intermediate stays below 2^53, so plain numbers are
// exact, and a 64-byte signature takes about 30 times fewer steps than digit by digit.
const DIGITS_PER_LIMB = 5;
const LIMB = 58 ** DIGITS_PER_LIMB;
const POWERS_OF_58 = Array.from({ length: DIGITS_PER_LIMB + 1 }, (_, n) => 58 ** n);

/** Encodes bytes as base58btc (each leading zero byte becomes `1`). */
export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const limbs: number[] = [];
  const pushByteGroup = (value: number, scale: number) => {
    let carry = value;
    for (let j = 0; j < limbs.length; j++) {
      carry += limbs[j]! * scale;
      const quotient = Math.floor(carry / LIMB);
      limbs[j] = carry - quotient * LIMB;
      carry = quotient;
    }
    for (; carry > 0; carry = Math.floor(carry / LIMB)) limbs.push(carry % LIMB);
  };
  let i = zeros;
  if ((bytes.length - zeros) % 2 === 1) pushByteGroup(bytes[i++]!, 256);
  for (; i < bytes.length; i += 2) pushByteGroup(bytes[i]! * 256 + bytes[i + 1]!, 65536);

  let text = '1'.repeat(zeros);
  for (let j = limbs.length - 1; j >= 0; j--) {
    let limb = limbs[j]!;
    let digits = '';
    for (let d = 0; d < DIGITS_PER_LIMB; d++) {
      digits = BASE58_ALPHABET[limb % 58]! + digits;
      limb = Math.floor(limb / 58);
    }
    // The most significant limb has no leading zero digits: they would read as leading zero bytes.
    text += j === limbs.length - 1 ? digits.replace(/^1+/, '') : digits;
  }
  return text;
}

/** Decodes base58btc text (each leading `1` becomes a zero byte). Returns undefined when a character is outside the alphabet. */
export function decodeBase58(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const limbs: number[] = [];
  const first = (text.length - zeros) % DIGITS_PER_LIMB || DIGITS_PER_LIMB;
  for (let i = zeros, width = first; i < text.length; i += width, width = DIGITS_PER_LIMB) {
    let carry = 0;
    for (let k = i; k < i + width; k++) {
      const code = text.charCodeAt(k);
      const value = code < 128 ? VALUES[code]! : -1;
      if (value < 0) return undefined;
      carry = carry * 58 + value;
    }
    const scale = POWERS_OF_58[width]!;
    for (let j = 0; j < limbs.length; j++) {
      carry += limbs[j]! * scale;
      limbs[j] = carry % 65536;
      carry = Math.floor(carry / 65536);
    }
    for (; carry > 0; carry = Math.floor(carry / 65536)) limbs.push(carry % 65536);
  }
  let significant = limbs.length * 2;
  if (significant > 0 && limbs[limbs.length - 1]! < 256) significant--;
  const bytes = new Uint8Array(zeros + significant);
  for (let j = 0, at = bytes.length - 1; j < limbs.length; j++, at -= 2) {
    bytes[at] = limbs[j]! & 0xff;
    if (at - 1 >= zeros) bytes[at - 1] = limbs[j]! >> 8;
  }
  return bytes;
}

/** The base58btc (Bitcoin) alphabet, as multibase `z` uses. */
export const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE58_ALPHABET.length; i++) VALUES[BASE58_ALPHABET.charCodeAt(i)] = i;

const CODES = Uint8Array.from(BASE58_ALPHABET, (char) => char.charCodeAt(0));
const ONE = CODES[0]!;
const ASCII = new TextDecoder();

// Base conversion works on limbs rather than single digits: base-58^5 limbs when encoding, base-2^16 limbs when
// decoding, fed two bytes or five characters at a time. Every intermediate stays below 2^53, so plain numbers are
// exact, and a 64-byte signature takes about 30 times fewer steps than digit by digit.
const DIGITS_PER_LIMB = 5;
const LIMB = 58 ** DIGITS_PER_LIMB;
const POWERS_OF_58 = Array.from({ length: DIGITS_PER_LIMB + 1 }, (_, n) => 58 ** n);
// Encoding divides by LIMB as a multiplication by its inverse (a division costs several times more): for a
// dividend below 2^53 the rounded product is within one of the quotient, and one comparison corrects it.
const INVERSE_LIMB = 1 / LIMB;

function quotientByLimb(dividend: number): number {
  const quotient = Math.floor(dividend * INVERSE_LIMB);
  const rest = dividend - quotient * LIMB;
  return rest < 0 ? quotient - 1 : rest >= LIMB ? quotient + 1 : quotient;
}

/**
 * Multiplies the number in `limbs[0..count)` (little-endian, base {@link LIMB}) by `scale` and adds `value`;
 * returns the new count. `limbs` must have room for the carry out.
 */
function multiplyAdd(limbs: Float64Array, count: number, scale: number, value: number): number {
  let carry = value;
  let j = 0;
  for (; j < count; j++) {
    carry += limbs[j]! * scale;
    const quotient = quotientByLimb(carry);
    limbs[j] = carry - quotient * LIMB;
    carry = quotient;
  }
  for (; carry > 0; j++) {
    const quotient = quotientByLimb(carry);
    limbs[j] = carry - quotient * LIMB;
    carry = quotient;
  }
  return j;
}

/** Encodes bytes as base58btc (each leading zero byte becomes `1`). */
export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // A limb holds log2(58^5) > 29 bits.
  const limbs = new Float64Array(Math.ceil(((bytes.length - zeros) * 8) / 29) + 1);
  let count = 0;
  let i = zeros;
  if ((bytes.length - zeros) % 2 === 1) count = multiplyAdd(limbs, count, 256, bytes[i++]!);
  for (; i < bytes.length; i += 2) count = multiplyAdd(limbs, count, 65536, bytes[i]! * 256 + bytes[i + 1]!);

  const codes = new Uint8Array(zeros + count * DIGITS_PER_LIMB);
  let at = codes.length;
  for (let j = 0; j < count; j++) {
    let limb = limbs[j]!;
    for (let d = 0; d < DIGITS_PER_LIMB; d++) {
      const quotient = Math.floor(limb / 58);
      codes[--at] = CODES[limb - quotient * 58]!;
      limb = quotient;
    }
  }
  // The most significant limb's leading zero digits would read as leading zero bytes: drop them, then the zero
  // bytes' `1`s go just before the first significant digit.
  at = zeros;
  while (at < codes.length && codes[at] === ONE) at++;
  const start = at - zeros;
  codes.fill(ONE, start, at);
  return ASCII.decode(codes.subarray(start));
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

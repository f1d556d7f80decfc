import { invalidQr } from './limits.js';

/** The base58btc (Bitcoin) alphabet, as multibase `z` uses. */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const VALUES = new Map([...ALPHABET].map((char, index) => [char, index]));

/** Encodes bytes as base58btc (leading zero bytes become `1`s). */
export function encodeBase58(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i]! * 256;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    for (; carry > 0; carry = Math.floor(carry / 58)) digits.push(carry % 58);
  }
  const zeros = bytes.findIndex((byte) => byte !== 0);
  const leading = '1'.repeat(zeros === -1 ? bytes.length : zeros);
  return leading + digits.reverse().map((digit) => ALPHABET[digit]).join('');
}

/**
 * Decodes base58btc.
 * @throws HealthcredError `invalid_input` on a character outside the alphabet.
 */
export function decodeBase58(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    let carry = VALUES.get(char);
    if (carry === undefined) throw invalidQr('The QR payload holds malformed base58.');
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i]! * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    for (; carry > 0; carry >>= 8) bytes.push(carry & 0xff);
  }
  const zeros = [...text].findIndex((char) => char !== '1');
  const leading = new Array<number>(zeros === -1 ? text.length : zeros).fill(0);
  return Uint8Array.from([...leading, ...bytes.reverse()]);
}

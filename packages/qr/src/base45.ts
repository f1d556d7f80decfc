import { invalidQr } from './limits.js';

/** The QR alphanumeric character set, which is the base45 alphabet. @see https://www.rfc-editor.org/rfc/rfc9285 */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUES = new Map([...BASE45_ALPHABET].map((char, index) => [char, index]));

/** Encodes bytes as base45 (RFC 9285): 2 bytes become 3 characters of the QR alphanumeric set. */
export function encodeBase45(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 === bytes.length) {
      const n = bytes[i]!;
      text += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45)]!;
    } else {
      let n = bytes[i]! * 256 + bytes[i + 1]!;
      for (let k = 0; k < 3; k++, n = Math.floor(n / 45)) text += BASE45_ALPHABET[n % 45]!;
    }
  }
  return text;
}

/**
 * Decodes base45 (RFC 9285).
 * @throws HealthcredError `invalid_input` when a character is outside the alphabet or a group is out of range.
 */
export function decodeBase45(text: string): Uint8Array {
  if (text.length % 3 === 1) throw invalidQr('The QR payload is not valid base45 (bad length).');
  const bytes = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let out = 0;
  for (let i = 0; i < text.length; i += 3) {
    const group = text.slice(i, i + 3);
    let n = 0;
    for (let k = group.length - 1; k >= 0; k--) {
      const value = VALUES.get(group[k]!);
      if (value === undefined) throw invalidQr('The QR payload is not valid base45 (unexpected character).');
      n = n * 45 + value;
    }
    if (group.length === 3) {
      if (n > 0xffff) throw invalidQr('The QR payload is not valid base45 (group out of range).');
      bytes[out++] = n >> 8;
      bytes[out++] = n & 0xff;
    } else {
      if (n > 0xff) throw invalidQr('The QR payload is not valid base45 (group out of range).');
      bytes[out++] = n;
    }
  }
  return bytes;
}

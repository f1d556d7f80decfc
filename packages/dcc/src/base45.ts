import { invalidInput } from './fail.js';

/** The RFC 9285 alphabet, which is also the QR alphanumeric character set. */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUES = new Map([...BASE45_ALPHABET].map((char, index) => [char, index]));

/**
 * Encodes bytes as Base45 (RFC 9285): each 2 bytes become 3 characters, a trailing byte 2 characters.
 * @see https://www.rfc-editor.org/rfc/rfc9285
 */
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
 * Decodes Base45 (RFC 9285), rejecting what the RFC calls invalid (bad length, characters outside the alphabet,
 * groups above 65535 or 255).
 * @throws HealthcredError `invalid_input` (field `hc1`) for invalid text.
 */
export function decodeBase45(text: string): Uint8Array {
  if (text.length % 3 === 1) throw invalidInput('hc1', 'is not valid Base45 (bad length).');
  const bytes = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let out = 0;
  for (let i = 0; i < text.length; i += 3) {
    const group = text.slice(i, i + 3);
    let n = 0;
    for (let k = group.length - 1; k >= 0; k--) {
      const value = VALUES.get(group[k]!);
      if (value === undefined) throw invalidInput('hc1', 'is not valid Base45 (character outside the alphabet).');
      n = n * 45 + value;
    }
    if (n > (group.length === 3 ? 0xffff : 0xff)) throw invalidInput('hc1', 'is not valid Base45 (group out of range).');
    if (group.length === 3) bytes[out++] = n >> 8;
    bytes[out++] = n & 0xff;
  }
  return bytes;
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * A name-based `urn:uuid:` (UUID version 8, SHA-256 of the parts) so the same inputs always give the same id and
 * the id reveals nothing of them.
 * @see https://www.rfc-editor.org/rfc/rfc9562#name-uuid-version-8
 */
export function derivedUrnUuid(...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The shape of a certificate id: 12 Crockford base32 digits in groups of four. */
export const CERTIFICATE_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/**
 * A new random certificate id such as `7K3M-9QXP-2RB4`: 60 random bits in Crockford base32, which has no I, L, O or
 * U, so it can be read aloud and typed from paper. Uniqueness is enforced by the store, which retries on a clash.
 *
 * @param random - A source of random bytes (injected for tests). Default: `crypto.randomBytes`.
 */
export function generateCertificateId(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(8);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let digits = '';
  for (let i = 0; i < 12; i++) {
    digits += CROCKFORD[Number(value & 31n)];
    value >>= 5n;
  }
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}`;
}

/**
 * Normalises a certificate id as a person typed it: upper case, spaces and dashes ignored, and the letters Crockford
 * base32 maps to digits (I and L to 1, O to 0). Returns undefined when it cannot be a certificate id.
 */
export function normalizeCertificateId(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(compact)) return undefined;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

import { sha256 } from './sha256.js';

/**
 * The `urn:uuid:` (version 8, SHA-256 of the parts joined by NUL) that healthcred derives for credential, subject
 * and evidence ids. The compact QR v1 format sends "derived" instead of such an id. This copy is FROZEN as part of
 * that format: printed QR codes must keep decoding even if issuance ever derives ids differently (the encoder only
 * elides an id that this function reproduces, so a change elsewhere just makes payloads longer).
 * @see https://www.rfc-editor.org/rfc/rfc9562#name-uuid-version-8
 */
export function derivedUrnUuidV1(...parts: string[]): string {
  const hash = sha256(new TextEncoder().encode(parts.join('\u0000')));
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = Array.from(hash.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { gunzipSync } from 'fflate';
import type { BitstringStatusListEntry } from '@healthcred/types';

/** What a status list says of one credential. */
export type StatusState = 'valid' | 'revoked' | 'suspended';

/** Bytes of a multibase base64url (`u`) string. */
export function decodeMultibaseBase64url(text: string): Uint8Array {
  if (!text.startsWith('u')) throw new Error('The status list is not multibase base64url.');
  const base64 = text.slice(1).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (char) => char.charCodeAt(0));
}

/**
 * Whether bit `index` is set; bit 0 is the most significant bit of the first byte.
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-encoding
 */
export function isBitSet(bits: Uint8Array, index: number): boolean {
  const byte = bits[index >> 3];
  if (byte === undefined) throw new RangeError(`Status index ${index} is beyond the list.`);
  return ((byte >> (7 - (index & 7))) & 1) === 1;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The state a `BitstringStatusListCredential` gives a credential's status entry. Pure.
 * @throws Error when the list is not the entry's list from the same issuer, or is unreadable.
 */
export function statusFromList(list: unknown, entry: BitstringStatusListEntry, issuer: string): StatusState {
  const subject = isObject(list) ? list.credentialSubject : undefined;
  if (!isObject(list) || list.issuer !== issuer || !isObject(subject)) throw new Error('Not the issuer\'s status list.');
  if (subject.statusPurpose !== entry.statusPurpose || typeof subject.encodedList !== 'string') {
    throw new Error('The status list is for another purpose.');
  }
  const index = Number(entry.statusListIndex);
  if (!Number.isSafeInteger(index) || index < 0) throw new Error('The status index is not a number.');
  if (!isBitSet(gunzipSync(decodeMultibaseBase64url(subject.encodedList)), index)) return 'valid';
  return entry.statusPurpose === 'revocation' ? 'revoked' : 'suspended';
}

import { gunzipSync, gzipSync } from 'node:zlib';
import { HealthcredError } from '@healthcred/errors';
import { STATUS_LIST_SIZE } from './positions.js';

/** Largest decompressed list accepted when decoding (8× the standard size): a bound against zip bombs. */
const MAX_LIST_BYTES = (STATUS_LIST_SIZE / 8) * 8;

/**
 * The `encodedList` of a bitstring of `size` bits with the bits at `indexes` set: GZIP, then multibase base64url
 * (`u` prefix, no padding). Bit 0 is the most significant bit of the first byte.
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm
 * @throws RangeError when an index is outside the list.
 */
export function encodeStatusList(indexes: Iterable<number>, size: number = STATUS_LIST_SIZE): string {
  const bits = new Uint8Array(Math.ceil(size / 8));
  for (const index of indexes) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`Status index ${index} is outside the list.`);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits, { level: 9 }).toString('base64url')}`;
}

/**
 * The bitstring of an `encodedList`.
 * @throws HealthcredError `invalid_input` when it is not multibase base64url of GZIP data, or inflates beyond the bound.
 */
export function decodeStatusList(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new HealthcredError('invalid_input', 'encodedList must be multibase base64url (starting with "u").', { field: 'encodedList' });
  }
  try {
    return new Uint8Array(gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), { maxOutputLength: MAX_LIST_BYTES }));
  } catch (cause) {
    throw new HealthcredError('invalid_input', 'encodedList is not a GZIP-compressed bitstring of an accepted size.', {
      field: 'encodedList', cause,
    });
  }
}

/** Whether bit `index` of a decoded bitstring is set (false beyond its end). */
export function isStatusSet(bits: Uint8Array, index: number): boolean {
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

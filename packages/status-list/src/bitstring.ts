// Browser-safe (fflate, atob/btoa; no node: modules): the verifier page and the CLI decode lists with this too.
import { Gunzip, gzipSync } from 'fflate';
import { HealthcredError } from '@healthcred/errors';
import { STATUS_LIST_SIZE } from './positions.js';

/** Largest decompressed list accepted when decoding (8× the standard size): a bound against zip bombs. */
const MAX_LIST_BYTES = (STATUS_LIST_SIZE / 8) * 8;
/** Compressed bytes fed to the inflater at a time, so it stops soon after passing the bound. */
const CHUNK_BYTES = 256;

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (char) => char.charCodeAt(0));
}

/** GZIP-decompresses `data`, refusing (with a plain Error) output beyond `maxBytes` as soon as it passes it. */
function gunzipBounded(data: Uint8Array, maxBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const gunzip = new Gunzip((chunk, final) => {
    size += chunk.length;
    if (size > maxBytes) throw new Error(`inflates beyond ${maxBytes} bytes`);
    parts.push(chunk);
    ended ||= final;
  });
  for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) {
    const end = Math.min(offset + CHUNK_BYTES, data.length);
    gunzip.push(data.subarray(offset, end), end === data.length);
  }
  if (!ended) throw new Error('truncated');
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The `encodedList` of a bitstring of `size` bits with the bits at `indexes` set: GZIP, then multibase base64url
 * (`u` prefix, no padding). Bit 0 is the most significant bit of the first byte. Deterministic (no GZIP time stamp).
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm
 * @throws RangeError when an index is outside the list.
 */
export function encodeStatusList(indexes: Iterable<number>, size: number = STATUS_LIST_SIZE): string {
  const bits = new Uint8Array(Math.ceil(size / 8));
  for (const index of indexes) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`Status index ${index} is outside the list.`);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${toBase64url(gzipSync(bits, { level: 9, mtime: 0 }))}`;
}

/**
 * The bitstring of an `encodedList`. Decompression stops as soon as the output passes 8× the standard list size.
 * @throws HealthcredError `invalid_input` (field `encodedList`) when it is not multibase base64url of GZIP data, or
 *   inflates beyond the bound.
 */
export function decodeStatusList(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new HealthcredError('invalid_input', 'encodedList must be multibase base64url (starting with "u").', { field: 'encodedList' });
  }
  try {
    return gunzipBounded(fromBase64url(encodedList.slice(1)), MAX_LIST_BYTES);
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

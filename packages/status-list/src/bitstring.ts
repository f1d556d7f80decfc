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

function gzipBits(indexes: Iterable<number>, size: number): string {
  const bits = new Uint8Array(Math.ceil(size / 8));
  for (const index of indexes) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`Status index ${index} is outside the list.`);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return toBase64url(gzipSync(bits, { level: 9, mtime: 0 }));
}

/**
 * The Bitstring Status List `encodedList` of a bitstring of `size` bits with the bits at `indexes` set: GZIP, then
 * multibase base64url (`u` prefix, no padding). Bit 0 is the most significant bit of the first byte. Deterministic
 * (no GZIP time stamp).
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm
 * @throws RangeError when an index is outside the list.
 */
export function encodeStatusList(indexes: Iterable<number>, size: number = STATUS_LIST_SIZE): string {
  return `u${gzipBits(indexes, size)}`;
}

/**
 * The Status List 2021 `encodedList` of the same bitstring: GZIP, then base64url (no padding) with **no** multibase
 * prefix, as that specification (and `@digitalbazaar/vc-status-list`) has it; otherwise the bytes and bit order of
 * {@link encodeStatusList}.
 * @see https://www.w3.org/community/reports/credentials/CG-FINAL-vc-status-list-2021-20230102/#bitstring-encoding
 * @throws RangeError when an index is outside the list.
 */
export function encodeStatusList2021(indexes: Iterable<number>, size: number = STATUS_LIST_SIZE): string {
  return gzipBits(indexes, size);
}

function gunzipList(base64url: string): Uint8Array {
  try {
    return gunzipBounded(fromBase64url(base64url), MAX_LIST_BYTES);
  } catch (cause) {
    throw new HealthcredError('invalid_input', 'encodedList is not a GZIP-compressed bitstring of an accepted size.', {
      field: 'encodedList', cause,
    });
  }
}

/**
 * The bitstring of a Bitstring Status List `encodedList`. Decompression stops as soon as the output passes 8× the
 * standard list size.
 * @throws HealthcredError `invalid_input` (field `encodedList`) when it is not multibase base64url of GZIP data, or
 *   inflates beyond the bound.
 */
export function decodeStatusList(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new HealthcredError('invalid_input', 'encodedList must be multibase base64url (starting with "u").', { field: 'encodedList' });
  }
  return gunzipList(encodedList.slice(1));
}

/**
 * The bitstring of a Status List 2021 `encodedList` (base64url, no prefix), bounded as {@link decodeStatusList}.
 * @throws HealthcredError `invalid_input` (field `encodedList`) when it is not base64url of GZIP data (a multibase
 *   `u…` Bitstring value is refused: GZIP data in base64url starts `H4sI`), or inflates beyond the bound.
 */
export function decodeStatusList2021(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || !/^[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new HealthcredError('invalid_input', 'encodedList must be base64url with no prefix.', { field: 'encodedList' });
  }
  return gunzipList(encodedList);
}

/** Whether bit `index` of a decoded bitstring is set (false beyond its end). */
export function isStatusSet(bits: Uint8Array, index: number): boolean {
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

import type { SignedHealthCredential } from '@healthcred/types';
import { compactFormatOf, decodeCompactQr } from './compact.js';
import { COMPACT_V3_PREFIX } from './compact-template.js';
import type { DecodeCompactQrV3Options } from './compact-v3.js';
import { parseCredentialJson } from './credential-json.js';
import { invalidQr, MAX_INFLATED_BYTES, MAX_QR_PAYLOAD_BYTES } from './limits.js';
import { unzipCertificate } from './zip.js';

/** Which form a QR payload had. */
export type QrFormat = 'divoc' | 'divoc-utf8' | 'json' | 'compact';

/** A decoded QR payload: its form and the signed credential it holds (not yet verified). */
export interface DecodedQr {
  format: QrFormat;
  credential: SignedHealthCredential;
}

const ZIP_MAGIC = 'PK\u0003\u0004';

function startsWithZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

/** The zip's bytes when `bytes` is a zip written as UTF-8 text (every code point <= 0xFF), else undefined. */
function unwrapUtf8(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.every((byte) => byte < 0x80)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return latin1Bytes(text);
}

function latin1Bytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    bytes[i] = code;
  }
  return bytes;
}

function endsWithDirectory(zip: Uint8Array): boolean {
  const at = zip.length - 22;
  return at >= 0 && zip[at] === 0x50 && zip[at + 1] === 0x4b && zip[at + 2] === 5 && zip[at + 3] === 6;
}

/**
 * The zip in `bytes`, raw or UTF-8-wrapped. A zip ends with its end-of-directory record, so a line end after it
 * (added by a scanner printing text, or an editor) is dropped.
 */
function findZip(bytes: Uint8Array): { zip: Uint8Array; format: QrFormat } {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  const candidates = end < bytes.length ? [bytes, bytes.subarray(0, end)] : [bytes];
  const read = (candidate: Uint8Array) => {
    const unwrapped = unwrapUtf8(candidate);
    return unwrapped ? { zip: unwrapped, format: 'divoc-utf8' as const } : { zip: candidate, format: 'divoc' as const };
  };
  return candidates.map(read).find(({ zip }) => endsWithDirectory(zip)) ?? read(bytes);
}

function decodeZip(zip: Uint8Array, format: QrFormat): DecodedQr {
  if (zip.length > MAX_QR_PAYLOAD_BYTES) throw invalidQr('The QR zip is larger than any QR code holds.');
  return { format, credential: parseCredentialJson(unzipCertificate(zip), 'certificate.json in the QR') };
}

function decodeText(text: string): DecodedQr {
  const trimmed = text.trim();
  if (compactFormatOf(trimmed)) return { format: 'compact', credential: decodeCompactQr(trimmed) };
  if (trimmed.startsWith('{')) {
    return { format: 'json', credential: parseCredentialJson(new TextEncoder().encode(trimmed), 'The QR JSON') };
  }
  if (trimmed.startsWith(COMPACT_V3_PREFIX)) {
    throw invalidQr('A compact v3 payload (HCQ3) is read with the trust list (decodeQrPayloadWithTrust).');
  }
  if (/^HCQ\d+:/.test(trimmed)) throw invalidQr('The QR holds a compact payload of a newer format version.');
  throw invalidQr('The QR does not hold a health credential (not a DIVOC zip, JSON or a compact payload).');
}

/**
 * Decodes a QR payload to the credential it holds, telling its form apart by itself: a DIVOC zip of
 * `certificate.json` as raw bytes (`divoc`) or written as UTF-8 text (`divoc-utf8`, bytes or the text a scanner
 * read), plain JSON (`json`), or a compact payload (`compact`, `HCQ1:`, `HCQ2:` or `HCQ4:`). The credential is checked for
 * shape only; verify it with `verifyCredential`.
 *
 * Bounded: inputs longer than a payload can be, and zips that inflate beyond 256 KB, fail fast.
 *
 * @throws HealthcredError `invalid_input` (field `qr`) when the payload is none of these forms, is truncated or
 *   corrupt, or does not hold a signed credential.
 */
export function decodeQrPayload(payload: Uint8Array | string): DecodedQr {
  if (typeof payload === 'string') {
    if (payload.length > MAX_INFLATED_BYTES) throw invalidQr('The QR payload is too large.');
    if (!payload.startsWith(ZIP_MAGIC)) return decodeText(payload);
    const zip = latin1Bytes(payload);
    if (!zip) throw invalidQr('The QR text is not a DIVOC zip (characters beyond Latin-1).');
    return decodeZip(zip, 'divoc-utf8');
  }
  if (payload.length > MAX_INFLATED_BYTES) throw invalidQr('The QR payload is too large.');
  if (startsWithZip(payload)) {
    const { zip, format } = findZip(payload);
    return decodeZip(zip, format);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch (cause) {
    throw invalidQr('The QR does not hold a health credential (binary data that is not a zip).', cause);
  }
  return decodeText(text);
}

/**
 * {@link decodeQrPayload}, and also compact v3 payloads (`HCQ3:`, CBOR-LD), whose tables are made from the trust
 * list entry of the issuer they name (see `decodeCompactQrV3`).
 * @throws HealthcredError `invalid_input` (field `qr`) as {@link decodeQrPayload}, and when a v3 payload names no
 *   trusted issuer.
 */
export async function decodeQrPayloadWithTrust(payload: Uint8Array | string, options: DecodeCompactQrV3Options): Promise<DecodedQr> {
  const text = typeof payload === 'string' ? (payload.trim().startsWith(COMPACT_V3_PREFIX) ? payload : undefined) : v3Text(payload);
  if (text === undefined) return decodeQrPayload(payload);
  // Loaded on first use, so a page that bundles this entry fetches the CBOR-LD library only for v3 payloads.
  const { decodeCompactQrV3 } = await import('./compact-v3.js');
  return { format: 'compact', credential: await decodeCompactQrV3(text, options) };
}

/**
 * Loads the compact v3 decoder (the CBOR-LD library) ahead of use, so a page kept offline by its service worker has it
 * before the first v3 code is scanned.
 */
export async function preloadCompactQrV3(): Promise<void> {
  await import('./compact-v3.js');
}

/** The text of `bytes` when they hold a v3 payload (ASCII, as a scanner reads an alphanumeric QR). */
function v3Text(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_QR_PAYLOAD_BYTES * 2) return undefined;
  const text = String.fromCharCode(...bytes);
  return text.trim().startsWith(COMPACT_V3_PREFIX) ? text : undefined;
}

import { zipSync } from 'fflate';
import { inflateBounded } from './bounded-inflate.js';
import { invalidQr, MAX_INFLATED_BYTES } from './limits.js';

/** The one entry of a DIVOC certificate zip. */
export const DIVOC_ENTRY_NAME = 'certificate.json';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const EOCD_BYTES = 22;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Zips `json` as the single DEFLATE entry `certificate.json`, as DIVOC's certificate API does. Deterministic: the
 * entry's time is fixed (1980-01-01 00:00 in the zip's local-time field).
 */
export function zipCertificate(json: Uint8Array): Uint8Array {
  return zipSync({ [DIVOC_ENTRY_NAME]: [json, { level: 9, mtime: new Date(1980, 0, 1) }] });
}

interface Entry {
  method: number;
  crc: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function findEntry(zip: Uint8Array, view: DataView): Entry {
  const eocd = zip.length - EOCD_BYTES;
  if (eocd < 0 || view.getUint32(eocd, true) !== END_OF_CENTRAL_DIRECTORY) {
    throw invalidQr('The QR holds a zip that is truncated or has trailing data (no end-of-directory record).');
  }
  const count = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count !== 1) throw invalidQr(`The QR's zip must hold exactly one file, ${DIVOC_ENTRY_NAME}; it holds ${count}.`);
  if (offset + 46 > eocd || view.getUint32(offset, true) !== CENTRAL_HEADER) {
    throw invalidQr('The QR holds a corrupt zip (bad central directory).');
  }
  const nameLength = view.getUint16(offset + 28, true);
  const name = new TextDecoder().decode(zip.subarray(offset + 46, offset + 46 + nameLength));
  if (name !== DIVOC_ENTRY_NAME) throw invalidQr(`The QR's zip must hold ${DIVOC_ENTRY_NAME}, not another file.`);
  return {
    method: view.getUint16(offset + 10, true),
    crc: view.getUint32(offset + 16, true),
    compressedSize: view.getUint32(offset + 20, true),
    localHeaderOffset: view.getUint32(offset + 42, true),
  };
}

/**
 * Reads `certificate.json` out of a DIVOC certificate zip. The output is capped: inflation stops beyond
 * {@link MAX_INFLATED_BYTES}, so a zip bomb fails fast with little memory.
 *
 * @throws HealthcredError `invalid_input` when the zip is truncated or corrupt, holds anything but
 *   `certificate.json`, uses a method other than DEFLATE or STORE, inflates too far, or fails its CRC.
 */
export function unzipCertificate(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const entry = findEntry(zip, view);
  const local = entry.localHeaderOffset;
  if (local + 30 > zip.length || view.getUint32(local, true) !== LOCAL_HEADER) {
    throw invalidQr('The QR holds a corrupt zip (bad local header).');
  }
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw invalidQr('The QR holds a truncated zip.');
  let json: Uint8Array;
  if (entry.method === 8) json = inflateBounded(data, { what: DIVOC_ENTRY_NAME });
  else if (entry.method === 0 && data.length <= MAX_INFLATED_BYTES) json = data;
  else throw invalidQr(`The QR's zip uses an unsupported compression method (${entry.method}).`);
  if (crc32(json) !== entry.crc) throw invalidQr(`${DIVOC_ENTRY_NAME} in the QR's zip fails its CRC check.`);
  return json;
}

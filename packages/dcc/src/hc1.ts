import { deflateSync, inflateSync } from 'node:zlib';
import { decodeBase45, encodeBase45 } from '@healthcred/qr';
import { parseCoseSign1, type CoseSign1, type DccAlgorithm } from './cose.js';
import { decodeDccClaims, type DccClaims } from './cwt.js';
import { invalidInput } from './fail.js';

/** The context identifier of an EU DCC in a QR code. */
export const HC1_PREFIX = 'HC1:';
/** The longest HC1 text accepted: more than a version 40 QR code holds (4296 alphanumeric characters). */
export const MAX_HC1_LENGTH = 4296;
/** The most bytes the zlib data may inflate to (zip-bomb guard); real DCCs are well under 4 KiB. */
export const MAX_INFLATED_BYTES = 64 * 1024;

/** Compresses a COSE message and writes it as `HC1:` + Base45. */
export function encodeHc1(cose: Uint8Array): string {
  return HC1_PREFIX + encodeBase45(deflateSync(cose, { level: 9 }));
}

/** An HC1 taken apart, not verified. */
export interface DecodedHc1 {
  /** The COSE_Sign1 message, for signature verification. */
  cose: CoseSign1;
  /** The signing algorithm, `undefined` when the header names another one. */
  algorithm: DccAlgorithm | undefined;
  /** The key id (first 8 bytes of SHA-256 of the DSC) in base64, as trust lists write it. */
  kid: string | undefined;
  claims: DccClaims;
}

function inflate(data: Uint8Array): Uint8Array {
  if (data[0] !== 0x78) return data;
  try {
    return inflateSync(data, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (cause) {
    const tooLarge = (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw invalidInput('hc1', tooLarge ? `inflates to more than ${MAX_INFLATED_BYTES} bytes: refused.` : 'is not valid zlib data.', cause);
  }
}

/** The bytes of the Base45 part of an HC1, or an error naming the `hc1` field. */
function base45Bytes(text: string): Uint8Array {
  try {
    return decodeBase45(text);
  } catch (error) {
    throw invalidInput('hc1', 'is not valid Base45.', error);
  }
}

/**
 * Takes an HC1 text apart: prefix, Base45, zlib (uncompressed COSE is accepted too), COSE_Sign1, CWT claims.
 * Does not verify the signature or the dates: see `verifyHc1`.
 * @throws HealthcredError `invalid_input` (field `hc1`) when any layer is malformed or too large.
 */
export function decodeHc1(hc1: string): DecodedHc1 {
  if (typeof hc1 !== 'string' || !hc1.startsWith(HC1_PREFIX)) throw invalidInput('hc1', `must start with "${HC1_PREFIX}".`);
  if (hc1.length > MAX_HC1_LENGTH) throw invalidInput('hc1', `is longer than ${MAX_HC1_LENGTH} characters.`);
  const cose = parseCoseSign1(inflate(base45Bytes(hc1.slice(HC1_PREFIX.length))));
  return {
    cose,
    algorithm: cose.algorithm,
    kid: cose.kid === undefined ? undefined : Buffer.from(cose.kid).toString('base64'),
    claims: decodeDccClaims(cose.payload),
  };
}

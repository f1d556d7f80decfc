import { deflateSync, inflateSync } from 'node:zlib';
import { isHealthcredError, type HealthcredError } from '@healthcred/errors';
import { decodeBase45, encodeBase45 } from '@healthcred/qr';
import { parseCoseSign1, type CoseSign1, type DccAlgorithm } from './cose.js';
import { decodeDccClaims, type DccClaims } from './cwt.js';
import { invalidInput } from './fail.js';
import type { Hc1ErrorCode } from './hc1-error.js';

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

/** An HC1 taken apart, or why not: the verification code of the layer that failed and an error naming `hc1`. */
export type Hc1Reading =
  | { decoded: DecodedHc1 }
  | { code: Extract<Hc1ErrorCode, 'bad_prefix' | 'bad_base45' | 'bad_compression' | 'malformed'>; error: HealthcredError };

function inflate(data: Uint8Array): Uint8Array | HealthcredError {
  try {
    return inflateSync(data, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (cause) {
    const tooLarge = (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    return invalidInput('hc1', tooLarge ? `inflates to more than ${MAX_INFLATED_BYTES} bytes: refused.`
      : 'is not valid ZLIB data (the hcert specification requires ZLIB compression).', cause);
  }
}

/**
 * Takes an HC1 text apart layer by layer (prefix, Base45, ZLIB, COSE_Sign1 tagged 18 or as a CWT tag 61, CWT
 * claims) and says which layer failed. Uncompressed COSE is refused, as the hcert specification (4.2.1) requires
 * ZLIB. Never throws for bad input; does not verify anything.
 */
export function readHc1(hc1: unknown): Hc1Reading {
  if (typeof hc1 !== 'string' || !hc1.startsWith(HC1_PREFIX)) {
    return { code: 'bad_prefix', error: invalidInput('hc1', `must start with "${HC1_PREFIX}".`) };
  }
  if (hc1.length > MAX_HC1_LENGTH) return { code: 'malformed', error: invalidInput('hc1', `is longer than ${MAX_HC1_LENGTH} characters.`) };
  let compressed: Uint8Array;
  try {
    compressed = decodeBase45(hc1.slice(HC1_PREFIX.length));
  } catch (cause) {
    return { code: 'bad_base45', error: invalidInput('hc1', 'is not valid Base45.', cause) };
  }
  const cwt = inflate(compressed);
  if (!(cwt instanceof Uint8Array)) return { code: 'bad_compression', error: cwt };
  try {
    const cose = parseCoseSign1(cwt);
    const kid = cose.kid === undefined ? undefined : Buffer.from(cose.kid).toString('base64');
    return { decoded: { cose, algorithm: cose.algorithm, kid, claims: decodeDccClaims(cose.payload) } };
  } catch (error) {
    if (!isHealthcredError(error)) throw error;
    return { code: 'malformed', error };
  }
}

/**
 * Takes an HC1 text apart: prefix, Base45, ZLIB, COSE_Sign1, CWT claims (see {@link readHc1}).
 * Does not verify the signature or the dates: see `verifyHc1`.
 * @throws HealthcredError `invalid_input` (field `hc1`) when any layer is malformed or too large.
 */
export function decodeHc1(hc1: string): DecodedHc1 {
  const reading = readHc1(hc1);
  if ('error' in reading) throw reading.error;
  return reading.decoded;
}

import { constants, sign, verify, type KeyObject } from 'node:crypto';
import { Tag } from 'cbor-x';
import { decodeCbor, encodeCbor } from './cbor.js';
import { invalidInput } from './fail.js';

/** The signature algorithms of the EU DCC: ES256 (ECDSA P-256) and PS256 (RSASSA-PSS, SHA-256). */
export type DccAlgorithm = 'ES256' | 'PS256';

/** COSE algorithm ids (RFC 9053 / IANA COSE registry). */
export const COSE_ALGORITHMS: Readonly<Record<DccAlgorithm, number>> = { ES256: -7, PS256: -37 };
const COSE_SIGN1_TAG = 18;
/** RFC 8392 section 6: a CWT may wrap its COSE message in this tag too. */
const CWT_TAG = 61;
const HEADER_ALG = 1;
const HEADER_KID = 4;

/** The parts of a COSE_Sign1 message. */
export interface CoseSign1 {
  protectedBytes: Uint8Array;
  /** The protected header's algorithm when it is ES256 or PS256. */
  algorithm: DccAlgorithm | undefined;
  /** The protected header's `alg` as written (a COSE algorithm id), `undefined` when it has none. */
  algorithmId: unknown;
  /** Key id from the protected header, else from the unprotected one. */
  kid: Uint8Array | undefined;
  payload: Uint8Array;
  signature: Uint8Array;
}

/** `Sig_structure` of RFC 9052 section 4.4 for COSE_Sign1: ["Signature1", protected, external_aad h'', payload]. */
export function buildSigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

function signBytes(algorithm: DccAlgorithm, data: Uint8Array, key: KeyObject): Uint8Array {
  return algorithm === 'ES256'
    ? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })
    : sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
}

/** Options of {@link signCoseSign1}. */
export interface SignCoseSign1Options {
  payload: Uint8Array;
  kid: Uint8Array;
  algorithm: DccAlgorithm;
  privateKey: KeyObject;
}

/**
 * Signs `payload` as a tagged COSE_Sign1 (tag 18) with `alg` and `kid` in the protected header and an empty
 * unprotected header. ES256 signatures are raw r‖s (64 bytes) as COSE requires, not DER.
 */
export function signCoseSign1(options: SignCoseSign1Options): Uint8Array {
  const protectedBytes = encodeCbor(new Map<number, unknown>([[HEADER_ALG, COSE_ALGORITHMS[options.algorithm]], [HEADER_KID, options.kid]]));
  const signature = signBytes(options.algorithm, buildSigStructure(protectedBytes, options.payload), options.privateKey);
  return encodeCbor(new Tag([protectedBytes, new Map(), options.payload, signature], COSE_SIGN1_TAG));
}

/** Whether `signature` is valid for the message with `publicKey`. Never throws. */
export function verifyCoseSignature(message: CoseSign1, publicKey: KeyObject): boolean {
  const data = buildSigStructure(message.protectedBytes, message.payload);
  try {
    return message.algorithm === 'ES256'
      ? verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, message.signature)
      : verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, message.signature);
  } catch {
    return false;
  }
}

function bytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

function algorithmOf(id: unknown): DccAlgorithm | undefined {
  return (Object.keys(COSE_ALGORITHMS) as DccAlgorithm[]).find((name) => COSE_ALGORITHMS[name] === id);
}

function untag(decoded: unknown): unknown {
  const cwt = decoded instanceof Tag && decoded.tag === CWT_TAG ? decoded.value : decoded;
  return cwt instanceof Tag && cwt.tag === COSE_SIGN1_TAG ? cwt.value : cwt;
}

/**
 * Reads a COSE_Sign1 message (tagged 18, also inside a CWT tag 61, or untagged). The algorithm is read from the
 * protected header only (RFC 9052 section 3.1: it must be authenticated); an unknown or unprotected one gives
 * `algorithm: undefined`.
 * @throws HealthcredError `invalid_input` (field `hc1`) when it is not a COSE_Sign1 structure.
 */
export function parseCoseSign1(data: Uint8Array): CoseSign1 {
  let decoded: unknown;
  try {
    decoded = decodeCbor(data);
  } catch (cause) {
    throw invalidInput('hc1', 'does not hold valid CBOR.', cause);
  }
  const parts = untag(decoded);
  if (!Array.isArray(parts) || parts.length !== 4) throw invalidInput('hc1', 'is not a COSE_Sign1 message.');
  const [protectedBytes, unprotected, payload, signature] = parts as unknown[];
  if (!bytes(protectedBytes) || !(unprotected instanceof Map) || !bytes(payload) || !bytes(signature)) {
    throw invalidInput('hc1', 'is not a COSE_Sign1 message (wrong member types).');
  }
  let header: unknown = new Map();
  try {
    if (protectedBytes.length > 0) header = decodeCbor(protectedBytes);
  } catch (cause) {
    throw invalidInput('hc1', 'has a protected header that is not valid CBOR.', cause);
  }
  if (!(header instanceof Map)) throw invalidInput('hc1', 'has a protected header that is not a map.');
  const kid: unknown = header.get(HEADER_KID) ?? unprotected.get(HEADER_KID);
  return {
    protectedBytes, payload, signature,
    algorithm: algorithmOf(header.get(HEADER_ALG)), algorithmId: header.get(HEADER_ALG),
    kid: bytes(kid) ? kid : undefined,
  };
}

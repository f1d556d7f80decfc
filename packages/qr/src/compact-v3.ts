import { decode, encode, type TypeTable } from '@digitalbazaar/cborld';
import { deflateSync } from 'fflate';
import { HealthcredError } from '@healthcred/errors';
import type { SignedHealthCredential, TrustedIssuer } from '@healthcred/types';
import { decodeBase45, encodeBase45 } from './base45.js';
import { inflateBounded } from './bounded-inflate.js';
import { skeletonDictionary, skeletonNumbersOf } from './cborld-skeletons.js';
import {
  cborldIssuerOf, FINGERPRINT_BYTES, HEALTHCRED_REGISTRY_ENTRY, issuerFingerprint, typeTableFor, type CborldIssuer,
} from './cborld-tables.js';
import { COMPACT_V3_PREFIX } from './compact-template.js';
import { DERIVED_ID_BITS, elideDerivedIds, restoreDerivedIds } from './compact-v3-ids.js';
import { assertCredentialShape } from './credential-json.js';
import { sortedJson } from './json-tree.js';
import { invalidQr, MAX_QR_PAYLOAD_BYTES } from './limits.js';


/*
 * Version 3 of the compact QR format: CBOR-LD (`@digitalbazaar/cborld`, CBOR-LD 1.0) with per-issuer type tables.
 * PUBLISHED = IMMUTABLE: the tables, flags and layout of v3 only ever grow by appending.
 */

/** The most bytes a v3 payload's CBOR-LD may inflate to: a signed credential is 1-3 KB of JSON, less as CBOR. */
const MAX_CBORLD_BYTES = 16 * 1024;
/**
 * The issuer fingerprint, then one byte: the derived-id flags (low 6 bits) and the dictionary number (high 2; all
 * four numbers are in use, see `SKELETON_DICTIONARIES`).
 */
const HEADER_BYTES = FINGERPRINT_BYTES + 1;

/** A JSON-LD document loader as the verifier has one: offline, for trusted issuers' contexts. */
export type QrDocumentLoader = (url: string) => Promise<{ document: unknown }> | { document: unknown };

/** Options of {@link encodeCompactQrV3}. */
export interface EncodeCompactQrV3Options {
  /** The issuer's trust list entry (its DID, context base URLs and keys): the tables are made from it. */
  issuer: TrustedIssuer;
  /** Resolves the contexts the credential names (offline). */
  documentLoader: QrDocumentLoader;
}

/** Options of {@link decodeCompactQrV3}. */
export interface DecodeCompactQrV3Options {
  /** The trust list: the payload names its issuer by a fingerprint of its DID, looked up here. */
  trustedIssuers: readonly TrustedIssuer[];
  documentLoader: QrDocumentLoader;
}

const loaderFor = (documentLoader: QrDocumentLoader) => async (url: string) => documentLoader(url);

/**
 * A failure inside the CBOR-LD library as `invalid_input` naming the library's or the loader's code: the payload is
 * what is wrong (an unknown context URL in it makes the offline loader throw `unknown_document`).
 */
function cborldFailure(what: string, cause: unknown): HealthcredError {
  if (cause instanceof HealthcredError && cause.code === 'invalid_input') return cause;
  const code = (cause as { code?: unknown })?.code;
  return invalidQr(`${what}${typeof code === 'string' ? ` (${code})` : ''}.`, cause);
}

function tablesLoader(table: TypeTable) {
  return async ({ registryEntryId }: { registryEntryId: number }) => (registryEntryId === HEALTHCRED_REGISTRY_ENTRY ? table : undefined);
}

async function dictionaryOf(issuer: CborldIssuer, number: number, documentLoader: ReturnType<typeof loaderFor>): Promise<Uint8Array> {
  try {
    return await skeletonDictionary(issuer, number, documentLoader);
  } catch (cause) {
    throw cborldFailure('The issuer\'s compact QR dictionary cannot be made (are its contexts served?)', cause);
  }
}

function issuerNamed(fingerprint: Uint8Array, trustedIssuers: readonly TrustedIssuer[]): CborldIssuer {
  const matches = trustedIssuers.map(cborldIssuerOf)
    .filter((issuer): issuer is CborldIssuer => issuer !== undefined)
    .filter((issuer) => issuerFingerprint(issuer.did).every((byte, i) => byte === fingerprint[i]));
  if (matches.length === 0) {
    throw invalidQr('The compact QR payload names an issuer that is not on this verifier\'s trust list.');
  }
  if (new Set(matches.map((issuer) => issuer.did)).size > 1) throw invalidQr('The compact QR payload names its issuer ambiguously.');
  return matches[0]!;
}

/**
 * Decodes a compact v3 payload (see {@link encodeCompactQrV3}) to the signed credential, not yet verified.
 * Bounded: a payload longer than a QR code holds, or whose CBOR-LD inflates past 16 KB, fails fast.
 * @throws HealthcredError `invalid_input` (field `qr`) when the payload is malformed, truncated or not a credential;
 *   also when no trusted issuer has the fingerprint it names (its credential could not verify here anyway).
 */
export async function decodeCompactQrV3(payload: string, options: DecodeCompactQrV3Options): Promise<SignedHealthCredential> {
  const trimmed = payload.trim();
  if (!trimmed.startsWith(COMPACT_V3_PREFIX)) throw invalidQr(`A compact v3 QR payload starts with ${COMPACT_V3_PREFIX}.`);
  if (trimmed.length > MAX_QR_PAYLOAD_BYTES * 2) throw invalidQr('The compact QR payload is longer than any QR code.');
  const body = decodeBase45(trimmed.slice(COMPACT_V3_PREFIX.length));
  if (body.length <= HEADER_BYTES) throw invalidQr('The compact QR payload is truncated.');
  const issuer = issuerNamed(body.subarray(0, FINGERPRINT_BYTES), options.trustedIssuers);
  const flags = body[FINGERPRINT_BYTES]! & ((1 << DERIVED_ID_BITS) - 1);
  const number = body[FINGERPRINT_BYTES]! >> DERIVED_ID_BITS;
  const documentLoader = loaderFor(options.documentLoader);
  const dictionary = await dictionaryOf(issuer, number, documentLoader);
  const cborldBytes = inflateBounded(body.subarray(HEADER_BYTES), { what: 'The compact QR payload', dictionary, maxBytes: MAX_CBORLD_BYTES });
  let decoded: unknown;
  try {
    decoded = await decode({ cborldBytes, documentLoader, typeTableLoader: tablesLoader(typeTableFor(issuer)) });
  } catch (cause) {
    throw cborldFailure('The compact QR payload is not CBOR-LD of a credential', cause);
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded) || !restoreDerivedIds(decoded as Record<string, unknown>, flags)) {
    throw invalidQr('The compact QR payload names derived ids it lacks the fields of.');
  }
  assertCredentialShape(decoded);
  return decoded;
}

/**
 * Encodes a signed credential as a compact v3 QR payload: `HCQ3:` then base45 (RFC 9285, the QR alphanumeric set)
 * of a 3-byte issuer fingerprint (SHA-256 of its DID), a byte of 6 flags naming the ids left out because they are
 * derived from other fields (credential, subject and evidence `urn:uuid:`s; the first 3 status entry ids
 * `list#index`) and a 2-bit dictionary number, and the raw DEFLATE of the CBOR-LD 1.0 encoding of the rest, with that preset dictionary: the
 * CBOR-LD of typical credentials of the kind (cborld-skeletons.ts), so terms and structure cost back-references. CBOR-LD turns terms,
 * context URLs, the issuer's DID and key ids, common strings, dates, `urn:uuid:`s and multibase values into
 * integers and bytes; the type table is made from the issuer's trust list entry, so the verifier, which has the
 * trust list, learns the context URLs from it. Any credential whose terms its contexts define round-trips (the
 * encoder checks this), so the original proof verifies.
 *
 * @throws HealthcredError `invalid_input` when `credential` is not a signed credential or a term is not defined by
 *   its contexts; `internal` when the encoding does not round-trip.
 */
export async function encodeCompactQrV3(credential: unknown, options: EncodeCompactQrV3Options): Promise<string> {
  assertCredentialShape(credential);
  const issuer = cborldIssuerOf(options.issuer);
  if (issuer === undefined || issuer.did !== credential.issuer) {
    throw new HealthcredError('invalid_input', 'The compact v3 QR needs the trust entry of the credential\'s issuer.', { field: 'issuer' });
  }
  const { rest, flags } = elideDerivedIds(credential as unknown as Record<string, unknown>);
  let cborldBytes: Uint8Array;
  try {
    cborldBytes = await encode({
      jsonldDocument: rest, documentLoader: loaderFor(options.documentLoader),
      registryEntryId: HEALTHCRED_REGISTRY_ENTRY, typeTableLoader: tablesLoader(typeTableFor(issuer)),
    });
  } catch (cause) {
    throw cborldFailure('The credential cannot be written as CBOR-LD', cause);
  }
  const documentLoader = loaderFor(options.documentLoader);
  let body: Uint8Array | undefined;
  for (const number of skeletonNumbersOf(credential)) {
    const deflated = deflateSync(cborldBytes, { level: 9, dictionary: await dictionaryOf(issuer, number, documentLoader) });
    if (body !== undefined && body.length <= HEADER_BYTES + deflated.length) continue;
    body = new Uint8Array(HEADER_BYTES + deflated.length);
    body.set(issuerFingerprint(issuer.did));
    body[FINGERPRINT_BYTES] = flags | (number << DERIVED_ID_BITS);
    body.set(deflated, HEADER_BYTES);
  }
  const payload = COMPACT_V3_PREFIX + encodeBase45(body!);
  const back = await decodeCompactQrV3(payload, { trustedIssuers: [options.issuer], documentLoader: options.documentLoader });
  if (sortedJson(back as never) !== sortedJson(credential as never)) {
    throw new HealthcredError('internal', 'The compact v3 QR encoding did not round-trip the credential.');
  }
  return payload;
}

import type { TypeTable } from '@digitalbazaar/cborld';
import { urlFromDidWeb } from '@healthcred/issuer-identity/did-web';
import type { DidTrustedIssuer, TrustedIssuer } from '@healthcred/types';
import { sha256 } from './sha256.js';

/**
 * The CBOR-LD registry entry of healthcred's compact QR v3 (private use: not in the CBOR-LD registry). Its type
 * table is made per issuer, from the issuer's trust list entry, by {@link typeTableFor}.
 */
export const HEALTHCRED_REGISTRY_ENTRY = 0x4843;

/** Contexts every issuer's credentials may use, in a fixed order (their integers). PUBLISHED = IMMUTABLE: append only. */
const STANDARD_CONTEXTS = [
  'https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/suites/ed25519-2020/v1',
  'https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/data-integrity/v2',
  'https://www.w3.org/ns/credentials/status/v1', 'https://w3id.org/vc/status-list/2021/v1',
];

/** The paths of healthcred's contexts under an issuer's base URL, in a fixed order. Append only. */
const ISSUER_CONTEXT_PATHS = [
  'credentials/vaccination/v1', 'credentials/test-result/v1', 'credentials/status-list/v1',
  'credentials/vaccination/v2', 'credentials/test-result/v2',
];

/** Plain string values common in health credentials, sent as integers. Append only. */
const COMMON_STRINGS = [
  'revocation', 'suspension', 'Male', 'Female', 'Other', 'COVID-19', 'RT-PCR', 'Rapid antigen', 'Negative',
  'Positive', 'Nasopharyngeal', 'XM9QW8', 'XM0GQ8', 'XM1NL1', 'COVISHIELD', 'Serum Institute of India',
  'Pfizer-BioNTech', 'Comirnaty', 'Moderna', 'Spikevax', 'AstraZeneca', 'Vaxzevria', 'Janssen', 'Sinopharm',
  'Sinovac', 'CoronaVac', 'COVID-19 vaccine, mRNA', 'COVID-19 vaccine, non-replicating viral vector',
  'COVID-19 vaccine, inactivated virus',
];

/** What the compact QR v3 tables of one issuer are made from: its DID, context base URLs and key ids. */
export interface CborldIssuer {
  did: string;
  contextBaseUrls: readonly string[];
  /** Ids of the issuer's verification methods (`did:web:...#z6Mk...`), as proofs name them. */
  verificationMethods: readonly string[];
}

/**
 * The URL the skeletons of `did`'s dictionary name contexts and status lists under: the did:web URL, or for another
 * method a fixed placeholder (only a dictionary's content, never fetched).
 */
export function skeletonBaseOf(did: string): string {
  return didWebUrl(did) ?? 'https://issuer.invalid';
}

/** The HTTPS URL of a did:web DID, or none. */
function didWebUrl(did: string): string | undefined {
  try {
    return urlFromDidWeb(did);
  } catch {
    return undefined;
  }
}

/**
 * The v3 view of a trust list entry, its base URLs defaulting as the verifier's do (the did:web URL); DIVOC
 * issuers (no DID document) have none.
 */
export function cborldIssuerOf(entry: TrustedIssuer): CborldIssuer | undefined {
  if (entry.divoc !== undefined) return undefined;
  const { didDocument } = entry as DidTrustedIssuer;
  const methods = (didDocument.verificationMethod ?? []).map((method) => method.id);
  const fallback = didWebUrl(entry.did);
  return { did: entry.did, contextBaseUrls: entry.contextBaseUrls ?? (fallback ? [fallback] : []), verificationMethods: methods };
}

/** The bytes that name an issuer in a v3 payload: the start of SHA-256 of its DID (ambiguity is refused). */
export const FINGERPRINT_BYTES = 3;

/** The {@link FINGERPRINT_BYTES} bytes that name the issuer `did` in a v3 payload. */
export function issuerFingerprint(did: string): Uint8Array {
  return sha256(new TextEncoder().encode(did)).subarray(0, FINGERPRINT_BYTES);
}

const numbered = (values: readonly string[], from: number) => new Map(values.map((value, i) => [value, from + i]));

/**
 * Integers for values a trust list entry may list in any order, or gain or lose: each value's integer comes from a
 * hash of it (12 bits above `from`), not its position, so codes printed before the entry changed keep decoding. Values
 * whose integers collide are left out (CBOR-LD then sends them as text).
 */
function hashed(values: readonly string[], from: number): Map<string, number> {
  const byNumber = new Map<number, string[]>();
  for (const value of new Set(values)) {
    const hash = sha256(new TextEncoder().encode(value));
    const number = from + (((hash[0]! << 8) | hash[1]!) & 0xfff);
    byNumber.set(number, [...(byNumber.get(number) ?? []), value]);
  }
  return new Map([...byNumber].filter(([, same]) => same.length === 1).map(([number, [value]]) => [value!, number]));
}

/**
 * The CBOR-LD type table of one issuer: the standard contexts and the issuer's own (under each base URL and the
 * did:web URL, which the dictionary's skeletons use), its DID and key ids as URLs, and the common strings.
 */
export function typeTableFor(issuer: CborldIssuer): TypeTable {
  const bases = [...issuer.contextBaseUrls, skeletonBaseOf(issuer.did)].map((base) => base.replace(/\/+$/, ''));
  const issuerContexts = hashed(bases.flatMap((base) => ISSUER_CONTEXT_PATHS.map((path) => `${base}/${path}`)), 0x9000);
  return new Map([
    ['context', new Map([...numbered(STANDARD_CONTEXTS, 0x8000), ...issuerContexts])],
    ['url', new Map([[issuer.did, 0x8000], ...hashed(issuer.verificationMethods, 0x9000)])],
    ['none', numbered(COMMON_STRINGS, 0x8000)],
  ]);
}

/**
 * The preset DEFLATE dictionary of one issuer: the status list URL parts, under the host of its did:web DID (as
 * healthcred publishes them), so it changes only with the DID.
 */
export function dictionaryFor(issuer: CborldIssuer): Uint8Array {
  const host = skeletonBaseOf(issuer.did).replace(/^https:\/\//, '');
  return new TextEncoder().encode(`https://${host}/status/suspension/${host}/status/revocation/`);
}

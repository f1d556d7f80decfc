/** The W3C Verifiable Credentials Data Model v1 context, first in every credential this issuer signs. */
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/**
 * The W3C Verifiable Credentials Data Model 2.0 context, first in every credential of the `vc2` profile. It is
 * `@protected` and has an `@vocab`; it defines `DataIntegrityProof` and `BitstringStatusListEntry`.
 */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The Multikey context: the context of a `Multikey` verification method (the `vc2` profile's keys). */
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
/** The Ed25519Signature2020 suite context: last in every credential, and the key context of DID documents. */
export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
/** The W3C DID v1 context, first in every DID document. */
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';

/** Path of the vaccination context under an issuer's base URL. */
export const VACCINATION_CONTEXT_PATH = 'credentials/vaccination/v1';
/** Path of the test-result context under an issuer's base URL. */
export const TEST_RESULT_CONTEXT_PATH = 'credentials/test-result/v1';
/**
 * Path of version 2 of the vaccination context: v1 with the holder's name parts (`givenName`, `familyName`) and
 * their Latin forms (`latinGivenName`, `latinFamilyName`). Credentials whose subject has them use it; the others
 * stay on v1, unchanged.
 */
export const VACCINATION_CONTEXT_V2_PATH = 'credentials/vaccination/v2';
/** Path of version 2 of the test-result context: v1 with the name parts, as {@link VACCINATION_CONTEXT_V2_PATH}. */
export const TEST_RESULT_CONTEXT_V2_PATH = 'credentials/test-result/v2';
/**
 * Path of version 3 of the vaccination context: v2 without `BitstringStatusListEntry`, which the VC 2.0 context
 * defines itself (and protects: v1 and v2 cannot follow it). The credentials of the `vc2` profile name it.
 */
export const VACCINATION_CONTEXT_V3_PATH = 'credentials/vaccination/v3';
/** Path of version 3 of the test-result context: v2 without `BitstringStatusListEntry`, as {@link VACCINATION_CONTEXT_V3_PATH}. */
export const TEST_RESULT_CONTEXT_V3_PATH = 'credentials/test-result/v3';
/** Path of the status list context under an issuer's base URL. */
export const STATUS_LIST_CONTEXT_PATH = 'credentials/status-list/v1';

/** Joins an issuer's base URL and a context path, with exactly one slash between them. */
export function contextUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path}`;
}

/**
 * The context a verification method is served with, as linked-data proof suites require: Ed25519-2020 for an
 * `Ed25519VerificationKey2020`, the Multikey context for a `Multikey`.
 */
export function methodContext(type: string): string {
  return type === 'Multikey' ? MULTIKEY_V1_CONTEXT : ED25519_2020_CONTEXT;
}

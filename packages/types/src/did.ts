/**
 * An Ed25519 verification method (public part only): an `Ed25519VerificationKey2020`, or the same key as a `Multikey`
 * (id `<did>#multikey-<publicKeyMultibase>`), which the `vc2` profile's `DataIntegrityProof`s name.
 */
export interface Ed25519VerificationMethod {
  id: string;
  type: 'Ed25519VerificationKey2020' | 'Multikey';
  controller: string;
  /** Multibase base58btc of the multicodec `0xed01` prefix and the 32-byte public key. */
  publicKeyMultibase: string;
  /**
   * When the issuer revoked the key (ISO 8601 date-time; the Security Vocabulary's `revoked`). A revoked key stays
   * published so verifiers can tell "revoked" from "unknown", but is no longer listed in `assertionMethod`, and
   * nothing it signed verifies.
   */
  revoked?: string;
}

/** A DID document as healthcred publishes it for its issuer. */
export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: Ed25519VerificationMethod[];
  assertionMethod: string[];
}

import type { DidDocument } from './did.js';

/** What every trust list entry says of its health authority. */
interface TrustedIssuerBase {
  /** The issuer as its credentials name it in `issuer`: a DID, or for a DIVOC issuer the URL DIVOC writes. */
  did: string;
  /** The authority's name, shown with every verification result. */
  name: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
}

/**
 * An issuer of healthcred credentials (`Ed25519Signature2020`): a verifier accepts a credential only when its
 * `issuer` is the `did` of an entry and its proof is by a key of that entry's DID document.
 */
export interface DidTrustedIssuer extends TrustedIssuerBase {
  /** The issuer's DID document: its keys, each listed for assertionMethod or marked `revoked`. */
  didDocument: DidDocument;
  /**
   * Base URLs the issuer's credentials name their healthcred contexts under (`<base>/credentials/vaccination/v1`).
   * Default: the HTTPS URL of a did:web DID.
   */
  contextBaseUrls?: string[];
  divoc?: undefined;
}

/** An RSA key of a DIVOC issuer (`RsaSignature2018`, PS256), as DIVOC's verifier apps hold it. */
export interface DivocRsaKey {
  /** The key id DIVOC's certificates name in `proof.verificationMethod` (e.g. `did:india`); never resolved. */
  id: string;
  type: 'RsaVerificationKey2018';
  /** The public key as an SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  publicKeyPem: string;
  /** When the authority stopped trusting the key (ISO 8601); nothing it signed verifies. */
  revoked?: string;
}

/** An Ed25519 key of a DIVOC issuer (`Ed25519Signature2018`, EdDSA). */
export interface DivocEd25519Key {
  /** The key id DIVOC's certificates name in `proof.verificationMethod` (e.g. `did:srilanka:moh`); never resolved. */
  id: string;
  type: 'Ed25519VerificationKey2018';
  /** The 32-byte public key in base58 (Bitcoin alphabet), as DIVOC configures it. */
  publicKeyBase58: string;
  /** When the authority stopped trusting the key (ISO 8601); nothing it signed verifies. */
  revoked?: string;
}

/** A key of a DIVOC issuer. */
export type DivocKey = DivocRsaKey | DivocEd25519Key;

/**
 * The revocation state of a DIVOC certificate, as its issuer's revocation route says (`suspended` only from
 * healthcred's route, which tells it apart in its answer's body; DIVOC's say revoked or not).
 */
export type DivocRevocationState = 'valid' | 'revoked' | 'suspended';

/** What a verifier knows of a DIVOC issuer: its keys, the contexts its certificates name, its revocation service. */
export interface DivocTrust {
  /** Its keys, each bound to the key id its certificates name. */
  keys: DivocKey[];
  /**
   * The namespace URLs its certificates name as their second context, each with the DIVOC context document it
   * serves (`vaccination/v1`, `vaccination/v2` or `test-certificate/v1`).
   */
  contexts: Record<string, string>;
  /**
   * DIVOC's revocation route of the issuer (`POST <url>` with the certificate: 404 not revoked, 200 revoked).
   * Without it, revocation of its certificates cannot be checked.
   */
  revocationUrl?: string;
}

/** An issuer of DIVOC certificates (`RsaSignature2018`/`Ed25519Signature2018` under a key id that does not resolve). */
export interface DivocTrustedIssuer extends TrustedIssuerBase {
  divoc: DivocTrust;
  didDocument?: undefined;
  contextBaseUrls?: undefined;
}

/** A health authority whose credentials a verifier accepts: an entry of the deployment's trust list. */
export type TrustedIssuer = DidTrustedIssuer | DivocTrustedIssuer;

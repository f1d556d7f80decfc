import type { DidDocument } from './did.js';

/**
 * A health authority whose credentials a verifier accepts: an entry of the deployment's trust list. A credential
 * verifies only when its `issuer` is the `did` of an entry and its proof is by a key of that entry's DID document.
 */
export interface TrustedIssuer {
  /** The issuer's DID, as credentials name it in `issuer`. */
  did: string;
  /** The authority's name, shown with every verification result. */
  name: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
  /** The issuer's DID document: its keys, each listed for assertionMethod or marked `revoked`. */
  didDocument: DidDocument;
  /**
   * Base URLs the issuer's credentials name their healthcred contexts under (`<base>/credentials/vaccination/v1`).
   * Default: the HTTPS URL of a did:web DID.
   */
  contextBaseUrls?: string[];
}

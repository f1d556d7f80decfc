import { HealthcredError } from '@healthcred/errors';
import type { IssuerKeySet } from '@healthcred/issuer-identity';
import { createIssuer, type Issuer } from './issue-credential.js';

/** A key change: the issuer now in force and the key set it was made from (for whoever holds key material elsewhere). */
export interface IssuerChange {
  issuer: Issuer;
  keys: IssuerKeySet;
}

/**
 * The issuer in force in a long-lived process. An `Issuer` never changes once made; a key rotation or revocation
 * replaces it here. Whatever lives longer than one signing (issuance, status lists, the published DID document,
 * verification of the issuer's own credentials) keeps this holder and reads `current()` at the moment it signs,
 * publishes or verifies: a copied `Issuer` (or its signer) would keep signing with the key it was made from.
 */
export interface IssuerHolder {
  /** The issuer now. Read it each time; do not keep it beyond one signing or one answer. */
  current(): Issuer;
  /**
   * Makes an issuer from `keys` (same DID, URL, optional fields, DIVOC profile and data model) and puts it in force: the next
   * `current()` returns it, and every `onChange` listener has been told when this returns. Returns it.
   * @throws HealthcredError `key_error` when `keys` names another DID or has no usable active key (nothing changes).
   */
  replace(keys: IssuerKeySet): Issuer;
  /** Calls `listener` after each `replace`, in the order listeners were added. Returns a function that stops it. */
  onChange(listener: (change: IssuerChange) => void): () => void;
}

/** Holds `issuer` until the first `replace`. */
export function holdIssuer(issuer: Issuer): IssuerHolder {
  let current = issuer;
  const listeners = new Set<(change: IssuerChange) => void>();
  return {
    current: () => current,
    replace(keys) {
      if (keys.did !== current.did) {
        throw new HealthcredError('key_error', `The new keys belong to ${keys.did}, not to ${current.did}.`);
      }
      const { url, credentialFields, divoc, dataModel } = current;
      current = createIssuer({
        keys, url, ...(credentialFields === undefined ? {} : { credentialFields }), ...(divoc === undefined ? {} : { divoc }),
        ...(dataModel === undefined ? {} : { dataModel }),
      });
      for (const listener of [...listeners]) listener({ issuer: current, keys });
      return current;
    },
    onChange(listener) {
      const own = (change: IssuerChange) => listener(change);
      listeners.add(own);
      return () => listeners.delete(own);
    },
  };
}

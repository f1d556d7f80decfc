import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { createDocumentLoader, type DocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import {
  activeIssuerKey, buildDidDocument, createEd25519Signer, type Ed25519Signer, type IssuerKeySet,
} from '@healthcred/issuer-identity';
import type { DidDocument, HealthCredential, OptionalCredentialField, Signed, StatusListCredential } from '@healthcred/types';
import type { IssuerProfile } from './build-credential.js';
import type { DivocIssuer } from './divoc-issue.js';
import { issueFast } from './fast-issue.js';
import { undefinedTerm, wrappedHealthcredError } from './verify/jsonld-errors.js';

/**
 * Everything needed to sign: the issuer's identity, its active key's signer and an offline document loader. Frozen
 * once made: a key change makes a new one (see `IssuerHolder`).
 */
export interface Issuer extends Readonly<IssuerProfile> {
  readonly signer: Ed25519Signer;
  readonly didDocument: DidDocument;
  readonly documentLoader: DocumentLoader;
  /**
   * The DIVOC credential profile, when the deployment issues DIVOC credentials (HEALTHCRED_CREDENTIAL_PROFILE=divoc):
   * health certificates are then built and signed by it; status lists and the DID document stay the Ed25519 key's.
   */
  readonly divoc?: DivocIssuer;
}

/**
 * Prepares an issuer from its key set: imports the active key once, publishes the DID document to an offline
 * document loader that also serves the healthcred contexts under `url`. The issuer is frozen.
 *
 * @param options.url - The issuer's public base URL (where its contexts and DID document are served).
 * @param options.credentialFields - The optional fields its credentials carry (see `IssuerProfile`). Default: none.
 * @param options.divoc - The DIVOC profile's signing (see `createDivocIssuer`), when this deployment issues DIVOC's form.
 * @throws HealthcredError `key_error` when the key set has no usable active key.
 */
export function createIssuer(options: {
  keys: IssuerKeySet; url: string; credentialFields?: readonly OptionalCredentialField[]; divoc?: DivocIssuer;
}): Issuer {
  const didDocument = buildDidDocument(options.keys);
  return Object.freeze({
    did: options.keys.did,
    url: options.url,
    ...(options.credentialFields === undefined ? {} : { credentialFields: options.credentialFields }),
    signer: createEd25519Signer(activeIssuerKey(options.keys)),
    didDocument,
    documentLoader: createDocumentLoader({ contextBaseUrls: [options.url], didDocuments: [didDocument] }),
    ...(options.divoc === undefined ? {} : { divoc: options.divoc }),
  });
}

/**
 * Signs a credential (a health credential or a status list credential) with an `Ed25519Signature2020` proof for
 * `assertionMethod`.
 *
 * Credentials of the shapes the credential builders make are canonicalized by `@healthcred/canonize` without JSON-LD
 * expansion (about ten times faster); any other credential goes through `@digitalbazaar/vc`. Both give the same proof.
 *
 * @param options.now - Proof creation time. Default: the current time.
 * @throws HealthcredError `unknown_term` naming the field when a field has no term in the credential's contexts;
 *   `unknown_document` naming the URL for a context the loader does not hold; `invalid_input` when the
 *   credential's issuer is not the signing issuer; `signing_failed` otherwise.
 */
export async function issueCredential<C extends HealthCredential | StatusListCredential>(
  options: { credential: C; issuer: Issuer; now?: Date },
): Promise<Signed<C>> {
  const { credential, issuer } = options;
  if (credential.issuer !== issuer.did) {
    throw new HealthcredError('invalid_input', `issuer: the credential names ${credential.issuer}, but the key belongs to ${issuer.did}.`, { field: 'issuer' });
  }
  const date = options.now ?? new Date();
  try {
    const fast = await issueFast({ credential, issuer, date, now: options.now });
    if (fast) return fast;
    const suite = new Ed25519Signature2020({ signer: issuer.signer, date });
    const signed = await vc.issue({
      credential: structuredClone(credential), suite, documentLoader: issuer.documentLoader, now: options.now,
    });
    return signed as unknown as Signed<C>;
  } catch (error) {
    const known = wrappedHealthcredError(error);
    if (known) throw known;
    const term = undefinedTerm(error);
    if (term !== undefined) {
      throw new HealthcredError('unknown_term',
        `Field "${term}" is not defined by the credential's JSON-LD contexts; add a term for it or remove it.`,
        { field: term, cause: error });
    }
    throw new HealthcredError('signing_failed', `Signing failed: ${(error as Error).message}`, { cause: error });
  }
}

import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { createDocumentLoader, type DocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import {
  activeIssuerKey, buildDidDocument, createEd25519Signer, multikeyIdOf, type Ed25519Signer, type IssuerKeySet,
} from '@healthcred/issuer-identity';
import type { DidDocument, HealthCredential, OptionalCredentialField, Signed, StatusListCredential } from '@healthcred/types';
import type { IssuerProfile } from './build-credential.js';
import type { DivocIssuer } from './divoc-issue.js';
import { issueFast } from './fast-issue.js';
import { markFixedLoader } from './fast-proof.js';
import { isVc2, type Vc2HealthCredential, type Vc2Signed, type Vc2StatusListCredential } from './vc2-credential.js';
import { issueVc2 } from './vc2-issue.js';
import { undefinedTerm, wrappedHealthcredError } from './verify/jsonld-errors.js';

/**
 * Everything needed to sign: the issuer's identity, its active key's signer and an offline document loader. Frozen
 * once made: a key change makes a new one (see `IssuerHolder`).
 */
export interface Issuer extends Readonly<IssuerProfile> {
  readonly signer: Ed25519Signer;
  /** The same key as {@link signer}, named by its `Multikey` method: the signer of `DataIntegrityProof`s (VC 2.0). */
  readonly multikeySigner: Ed25519Signer;
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
 * @param options.dataModel - `vc2` when the deployment issues VC Data Model 2.0 credentials (the `vc2` profile): the
 *   DID document then also publishes every key as a `Multikey`. Default: VC 1.1.
 * @throws HealthcredError `key_error` when the key set has no usable active key.
 */
export function createIssuer(options: {
  keys: IssuerKeySet; url: string; credentialFields?: readonly OptionalCredentialField[]; divoc?: DivocIssuer;
  dataModel?: 'vc2';
}): Issuer {
  const didDocument = buildDidDocument(options.keys, { multikey: options.dataModel === 'vc2' });
  const key = activeIssuerKey(options.keys);
  const signer = createEd25519Signer(key);
  const documentLoader = createDocumentLoader({ contextBaseUrls: [options.url], didDocuments: [didDocument] });
  // Its documents are fixed once it is built: the fast path checks its contexts once, not on every credential.
  markFixedLoader(documentLoader);
  return Object.freeze({
    did: options.keys.did,
    url: options.url,
    ...(options.credentialFields === undefined ? {} : { credentialFields: options.credentialFields }),
    ...(options.dataModel === undefined ? {} : { dataModel: options.dataModel }),
    signer,
    multikeySigner: { ...signer, id: multikeyIdOf(key) },
    didDocument,
    documentLoader,
    ...(options.divoc === undefined ? {} : { divoc: options.divoc }),
  });
}

/** What {@link issueCredential} may sign: a health or status list credential, of the VC 1.1 or the VC 2.0 form. */
export type Signable = HealthCredential | StatusListCredential | Vc2HealthCredential | Vc2StatusListCredential;

/** A signed credential: VC 2.0 with a `DataIntegrityProof`, VC 1.1 with an `Ed25519Signature2020` proof. */
export type SignedAs<C> = C extends { validFrom: string } ? Vc2Signed<C> : Signed<C>;

/**
 * Signs a credential (a health credential or a status list credential) with an `Ed25519Signature2020` proof for
 * `assertionMethod`; one of the VC 2.0 form (first context `https://www.w3.org/ns/credentials/v2`) with a
 * `DataIntegrityProof` of the `eddsa-rdfc-2022` cryptosuite instead, named by the key's `Multikey` method.
 *
 * Credentials of the shapes the credential builders make are canonicalized by `@healthcred/canonize` without JSON-LD
 * expansion (about ten times faster); any other credential goes through `@digitalbazaar/vc`. Both give the same proof.
 *
 * @param options.now - Proof creation time. Default: the current time.
 * @throws HealthcredError `unknown_term` naming the field when a field has no term in the credential's contexts;
 *   `unknown_document` naming the URL for a context the loader does not hold; `invalid_input` when the
 *   credential's issuer is not the signing issuer; `signing_failed` otherwise.
 */
export async function issueCredential<C extends Signable>(
  options: { credential: C; issuer: Issuer; now?: Date },
): Promise<SignedAs<C>> {
  const { credential, issuer } = options;
  if (credential.issuer !== issuer.did) {
    throw new HealthcredError('invalid_input', `issuer: the credential names ${credential.issuer}, but the key belongs to ${issuer.did}.`, { field: 'issuer' });
  }
  const date = options.now ?? new Date();
  try {
    if (isVc2(credential)) {
      return await issueVc2({ credential: credential as Vc2HealthCredential, issuer, date, now: options.now }) as SignedAs<C>;
    }
    const vc1 = credential as HealthCredential | StatusListCredential;
    const fast = await issueFast({ credential: vc1, issuer, date, now: options.now });
    if (fast) return fast as SignedAs<C>;
    const suite = new Ed25519Signature2020({ signer: issuer.signer, date });
    const signed = await vc.issue({
      credential: structuredClone(credential), suite, documentLoader: issuer.documentLoader, now: options.now,
    });
    return signed as unknown as SignedAs<C>;
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

import { methodContext, type DocumentLoader, type RemoteDocument } from '@healthcred/document-loader/browser';
import { HealthcredError } from '@healthcred/errors';
import { urlFromDidWeb } from '@healthcred/issuer-identity/did-web';
import type {
  DidDocument, DidTrustedIssuer, DivocTrustedIssuer, Ed25519VerificationMethod, TrustedIssuer,
} from '@healthcred/types';

/** A verification method of a trusted issuer, with the entry it belongs to. */
export interface TrustedKey {
  issuer: DidTrustedIssuer;
  method: Ed25519VerificationMethod;
  /** The method as the document loader serves it (one object, so its decoded key can be cached). */
  document: RemoteDocument;
}

/**
 * A trust list indexed for verification: by DID, by key id, and the context base URLs of each issuer. DIVOC issuers
 * are in `issuers` only: their key ids (`did:india`) are not unique across issuers, so they are looked up in the entry.
 */
export interface TrustIndex {
  issuers: ReadonlyMap<string, TrustedIssuer>;
  keys: ReadonlyMap<string, TrustedKey>;
  baseUrls: ReadonlyMap<string, readonly string[]>;
  didDocuments: ReadonlyMap<string, RemoteDocument>;
}

const indexes = new WeakMap<readonly TrustedIssuer[], TrustIndex>();

function defaultBaseUrls(did: string): string[] {
  try {
    return [urlFromDidWeb(did)];
  } catch {
    return [];
  }
}

function remote(url: string, document: unknown): RemoteDocument {
  return { contextUrl: null, documentUrl: url, document };
}

/** The index of a trust list, built once per list object. */
export function trustIndexOf(trustList: readonly TrustedIssuer[]): TrustIndex {
  let index = indexes.get(trustList);
  if (index) return index;
  const issuers = new Map<string, TrustedIssuer>();
  const keys = new Map<string, TrustedKey>();
  const baseUrls = new Map<string, readonly string[]>();
  const didDocuments = new Map<string, RemoteDocument>();
  for (const issuer of trustList) {
    if (issuers.has(issuer.did)) continue;
    if (issuer.divoc !== undefined) {
      issuers.set(issuer.did, issuer);
      continue;
    }
    if (issuer.didDocument.id !== issuer.did) continue;
    issuers.set(issuer.did, issuer);
    baseUrls.set(issuer.did, issuer.contextBaseUrls ?? defaultBaseUrls(issuer.did));
    didDocuments.set(issuer.did, remote(issuer.did, issuer.didDocument));
    for (const method of issuer.didDocument.verificationMethod) {
      if (method.controller !== issuer.did || !method.id.startsWith(`${issuer.did}#`)) continue;
      keys.set(method.id, { issuer, method, document: remote(method.id, { '@context': methodContext(method.type), ...method }) });
    }
  }
  index = { issuers, keys, baseUrls, didDocuments };
  indexes.set(trustList, index);
  return index;
}

/** Whether `didDocument` lists `methodId` for assertionMethod. */
export function isAssertionMethod(didDocument: DidDocument, methodId: string): boolean {
  return didDocument.assertionMethod.includes(methodId);
}

/**
 * The loader a proof check runs with: DIDs and keys only from the trust list, everything else (contexts) from
 * `contextLoader`, which must not resolve DIDs itself. A DID that is not trusted is never fetched or derived
 * (no did:key, no network).
 */
export function trustedLoader(index: TrustIndex, contextLoader: DocumentLoader): DocumentLoader {
  return async (url: string) => {
    if (url.startsWith('did:')) {
      const found = index.keys.get(url)?.document ?? index.didDocuments.get(url);
      if (found === undefined) throw new HealthcredError('unknown_document', `"${url}" is not a trusted issuer's DID or key.`);
      return found;
    }
    return contextLoader(url);
  };
}

/** Whether an entry is a DIVOC issuer's. */
export function isDivocIssuer(issuer: TrustedIssuer): issuer is DivocTrustedIssuer {
  return issuer.divoc !== undefined;
}

import { createHash } from 'node:crypto';
import {
  canonizeCredential, canonizeProofOptions, contextDocumentDigest, expectedContextDigest,
} from '@healthcred/canonize';
import type { DocumentLoader } from '@healthcred/document-loader';

/**
 * The proof options a proof signs, the proof without its `proofValue`: an `Ed25519Signature2020`'s, or a VC 2.0
 * `DataIntegrityProof`'s proof configuration (with `cryptosuite: 'eddsa-rdfc-2022'`).
 */
export type ProofOptions = {
  type: 'Ed25519Signature2020';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
} | {
  type: 'DataIntegrityProof';
  created: string;
  verificationMethod: string;
  cryptosuite: 'eddsa-rdfc-2022';
  proofPurpose: 'assertionMethod';
};

// Digest of each context document object a loader has returned. Loaders return the same objects every time, so
// after the first call the check is a lookup; a WeakMap lets the documents go with their loader.
const digests = new WeakMap<object, string>();

/** SHA-256 (hex) of a context document as `contextDocumentDigest`, computed once per document object. */
export function digestOf(document: unknown): string {
  if (typeof document !== 'object' || document === null) return contextDocumentDigest(document);
  let digest = digests.get(document);
  if (digest === undefined) {
    digest = contextDocumentDigest(document);
    digests.set(document, digest);
  }
  return digest;
}

/** Whether the loader serves, at each URL, the very context document the fast canonicalizer was written from. */
async function servesKnownContexts(documentLoader: DocumentLoader, urls: readonly string[]): Promise<boolean> {
  for (const url of urls) {
    const expected = expectedContextDigest(url);
    if (expected === undefined) return false;
    try {
      if (digestOf((await documentLoader(url)).document) !== expected) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * The bytes an `Ed25519Signature2020` proof signs — SHA-256 of the canonical proof options, then SHA-256 of the
 * canonical document, as jsonld-signatures' `createVerifyData` — computed by the fast canonicalizer. The same for an
 * `eddsa-rdfc-2022` `DataIntegrityProof`: the hash of the proof configuration (canonicalized with the document's
 * `@context`), then the hash of the document (https://www.w3.org/TR/vc-di-eddsa/#hashing-eddsa-rdfc-2022). Undefined when
 * the fast canonicalizer does not cover the document or the proof options, or when the loader serves other context
 * documents than the ones it knows: then the caller must use the general path.
 *
 * @param document - The credential without `proof`.
 */
export async function fastVerifyData(
  document: Record<string, unknown>, proof: ProofOptions, documentLoader: DocumentLoader,
): Promise<Buffer | undefined> {
  const canonicalDocument = canonizeCredential(document);
  if (canonicalDocument === undefined) return undefined;
  const canonicalProof = canonizeProofOptions({ '@context': document['@context'], ...proof });
  if (canonicalProof === undefined) return undefined;
  if (!(await servesKnownContexts(documentLoader, document['@context'] as string[]))) return undefined;
  return Buffer.concat([sha256(canonicalProof), sha256(canonicalDocument)]);
}

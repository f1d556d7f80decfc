import { hash } from 'node:crypto';
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
  return hash('sha256', text, 'buffer');
}

// SHA-256 of the canonical proof options by their JSON: a proof is created to the second, so a batch signed at
// once, or a second's worth of credentials, hashes its options once. Only options of strings alone are kept, for
// which the JSON text is one-to-one (no undefined member, Date or other object that JSON would write as another).
const PROOF_DIGESTS_KEPT = 16;
const PROOF_KEYS = ['type', 'created', 'verificationMethod', 'proofPurpose'];
const proofDigests = new Map<string, Buffer | undefined>();

function cacheKeyOf(context: unknown, proof: ProofOptions): string | undefined {
  if (!Array.isArray(context) || !context.every((url) => typeof url === 'string')) return undefined;
  const keys = Object.keys(proof);
  const record = proof as unknown as Record<string, unknown>;
  if (keys.length !== PROOF_KEYS.length || !PROOF_KEYS.every((key, i) => keys[i] === key && typeof record[key] === 'string')) {
    return undefined;
  }
  return JSON.stringify([context, proof]);
}

function proofOptionsDigest(context: unknown, proof: ProofOptions): Buffer | undefined {
  const key = cacheKeyOf(context, proof);
  if (key !== undefined && proofDigests.has(key)) return proofDigests.get(key);
  const canonical = canonizeProofOptions({ '@context': context, ...proof });
  const digest = canonical === undefined ? undefined : sha256(canonical);
  if (key === undefined) return digest;
  if (proofDigests.size >= PROOF_DIGESTS_KEPT) proofDigests.clear();
  proofDigests.set(key, digest);
  return digest;
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
  const proofDigest = proofOptionsDigest(document['@context'], proof);
  if (proofDigest === undefined) return undefined;
  if (!(await servesKnownContexts(documentLoader, document['@context'] as string[]))) return undefined;
  return Buffer.concat([proofDigest, sha256(canonicalDocument)], 64);
}

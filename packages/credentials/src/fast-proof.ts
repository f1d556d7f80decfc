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

// Loaders that serve fixed documents (an issuer's, built once from static maps by createIssuer), each with the
// context URLs it has been seen to serve as the fast canonicalizer knows them: those need no look-up again.
const fixedLoaders = new WeakMap<DocumentLoader, Set<string>>();

/**
 * Declares that `documentLoader` returns the same document every time for a URL, so the fast path checks the
 * context documents it serves once. Only for a loader that nothing changes after it is made.
 */
export function markFixedLoader(documentLoader: DocumentLoader): void {
  if (!fixedLoaders.has(documentLoader)) fixedLoaders.set(documentLoader, new Set());
}

/** Whether a fixed loader has been seen to serve the known context document at each URL. */
function servedBefore(documentLoader: DocumentLoader, urls: readonly string[]): boolean {
  const known = fixedLoaders.get(documentLoader);
  return known !== undefined && urls.every((url) => known.has(url));
}

/** Whether the loader serves, at each URL, the very context document the fast canonicalizer was written from. */
async function servesKnownContexts(documentLoader: DocumentLoader, urls: readonly string[]): Promise<boolean> {
  const known = fixedLoaders.get(documentLoader);
  for (const url of urls) {
    const expected = expectedContextDigest(url);
    if (expected === undefined) return false;
    try {
      if (digestOf((await documentLoader(url)).document) !== expected) return false;
    } catch {
      return false;
    }
    known?.add(url);
  }
  return true;
}

function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

// SHA-256 of the canonical proof options, kept by their members: a proof is created to the second, so a batch signed
// at once, or a second's worth of credentials, hashes its options once. Options and contexts of strings alone are
// kept, each compared member by member.
const PROOF_DIGESTS_KEPT = 16;
const proofDigests: { context: readonly string[]; proof: Record<string, string>; digest: Buffer | undefined }[] = [];

function stringsOnly(value: unknown): Record<string, string> | undefined {
  const record = value as Record<string, unknown>;
  for (const key in record) if (typeof record[key] !== 'string') return undefined;
  return record as Record<string, string>;
}

function sameMembers(kept: Record<string, string>, proof: Record<string, string>): boolean {
  let count = 0;
  for (const key in proof) {
    if (!Object.hasOwn(kept, key) || kept[key] !== proof[key]) return false;
    count++;
  }
  return count === Object.keys(kept).length;
}

function proofOptionsDigest(context: unknown, proof: ProofOptions): Buffer | undefined {
  const members = stringsOnly(proof);
  const keepable = members !== undefined && Array.isArray(context) && context.every((url) => typeof url === 'string');
  if (keepable) {
    const kept = proofDigests.find((entry) => entry.proof.created === members.created && entry.context.length === context.length
      && entry.context.every((url, i) => url === context[i]) && sameMembers(entry.proof, members));
    if (kept !== undefined) return kept.digest;
  }
  const canonical = canonizeProofOptions({ '@context': context, ...proof });
  const digest = canonical === undefined ? undefined : sha256(canonical);
  if (!keepable) return digest;
  if (proofDigests.length >= PROOF_DIGESTS_KEPT) proofDigests.length = 0;
  proofDigests.unshift({ context: [...context], proof: { ...members }, digest });
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
 * A promise only when the loader is asked for the context documents (a loader not marked fixed, or a fixed one
 * the first time it serves them); the bytes themselves otherwise, with no promise to wait for.
 *
 * @param document - The credential without `proof`.
 */
export function fastVerifyData(
  document: Record<string, unknown>, proof: ProofOptions, documentLoader: DocumentLoader,
): Buffer | undefined | Promise<Buffer | undefined> {
  const canonicalDocument = canonizeCredential(document);
  if (canonicalDocument === undefined) return undefined;
  const proofDigest = proofOptionsDigest(document['@context'], proof);
  if (proofDigest === undefined) return undefined;
  const data = Buffer.concat([proofDigest, sha256(canonicalDocument)], 64);
  const urls = document['@context'] as string[];
  if (servedBefore(documentLoader, urls)) return data;
  return servesKnownContexts(documentLoader, urls).then((served) => (served ? data : undefined));
}

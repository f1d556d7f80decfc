import {
  canonizeDivocCredential, canonizeDivocProofOptions, DIVOC_CONTEXT_DIGESTS, expectedContextDigest, SECURITY_CONTEXT_DIGESTS,
  type DivocVaccinationContext,
} from '@healthcred/canonize';
import { VC_V1_CONTEXT, type DocumentLoader } from '@healthcred/document-loader';
import { digestOf } from './fast-proof.js';
import type { DivocCanonizer } from './verify/divoc-proof.js';

const DIVOC_CONTEXTS = new Map(Object.entries(DIVOC_CONTEXT_DIGESTS).map(([name, digest]) => [digest, name as DivocVaccinationContext]));
const FIXED_DIGESTS: readonly [string, string][] = [[VC_V1_CONTEXT, expectedContextDigest(VC_V1_CONTEXT)!], ...Object.entries(SECURITY_CONTEXT_DIGESTS)];

/** The digest of the document the loader serves at `url`, or undefined when it serves none. */
async function servedDigest(documentLoader: DocumentLoader, url: string): Promise<string | undefined> {
  try {
    return digestOf((await documentLoader(url)).document);
  } catch {
    return undefined;
  }
}

/**
 * The Node build's {@link DivocCanonizer}: `@healthcred/canonize`'s fixed DIVOC shapes, used only when the loader
 * serves at each URL the very document the shapes were written from (VC v1, security v1 and v2, and a DIVOC context
 * at the credential's namespace URL, which says which shape). Undefined for anything else, and jsonld decides.
 */
export const canonizeDivocFast: DivocCanonizer = async (document, proofOptions, documentLoader) => {
  const context = document['@context'];
  if (!Array.isArray(context) || context.length !== 2 || typeof context[1] !== 'string') return undefined;
  const name = DIVOC_CONTEXTS.get((await servedDigest(documentLoader, context[1])) ?? '');
  if (name === undefined) return undefined;
  for (const [url, digest] of FIXED_DIGESTS) if ((await servedDigest(documentLoader, url)) !== digest) return undefined;
  const canonicalDocument = canonizeDivocCredential(document, { context: name, namespaceUrl: context[1] });
  const canonicalProof = canonicalDocument === undefined ? undefined : canonizeDivocProofOptions(proofOptions);
  return canonicalProof === undefined ? undefined : { document: canonicalDocument!, proofOptions: canonicalProof };
};

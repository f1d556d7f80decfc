export { canonizeCredential, canonizeProofOptions } from './canonize.js';
export { credentialKindOfContext, expectedContextDigest, contextDocumentDigest } from './contexts.js';
export type { CanonizeOptions, KnownCredentialKind } from './contexts.js';
export {
  canonizeDivocCredential, canonizeDivocProofOptions, DIVOC_CONTEXT_DIGESTS, SECURITY_CONTEXT_DIGESTS, SECURITY_V2_CONTEXT_URL,
} from './divoc-canonize.js';
export type { CanonizeDivocOptions, DivocProofType, DivocVaccinationContext } from './divoc-canonize.js';

export { canonizeCredential, canonizeProofOptions } from './canonize.js';
export {
  credentialKindOfContext, expectedContextDigest, contextDocumentDigest, VC_V1_CONTEXT_URL, ED25519_2020_CONTEXT_URL,
} from './contexts.js';
export type { CanonizeOptions, KnownCredentialKind } from './contexts.js';

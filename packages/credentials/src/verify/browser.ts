import type { VerificationResult } from '@healthcred/types';
import { checkProofGeneral } from './proof.js';
import { verifyWith, type VerifyCredentialOptions } from './verify-core.js';

/**
 * `verifyCredential` for browsers: the same checks, codes and results as the Node build, with the proof checked by
 * `@digitalbazaar/vc` only (the Node build's fast path needs node:crypto).
 */
export function verifyCredential(options: VerifyCredentialOptions): Promise<VerificationResult> {
  return verifyWith(options, checkProofGeneral);
}

export { contextBaseUrlsOf, divocNamespacesOf, unsafeJsonResult } from './verify-core.js';
export type { DivocRevocationChecker, DivocRevocationState } from './divoc-issuer.js';
export { DIVOC_SUITES, isDivocSuite } from './divoc-proof.js';
export type { DivocSuite } from './divoc-proof.js';
export type { VerifyCredentialOptions, StatusChecker, CredentialStatusState } from './verify-core.js';

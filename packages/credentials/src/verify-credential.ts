import type { VerificationResult } from '@healthcred/types';
import { canonizeDivocFast } from './divoc-fast-canonize.js';
import { checkProofFast } from './fast-verify.js';
import { checkProofGeneral, classifyProofError, type ProofCheck } from './verify/proof.js';
import { MAX_CLOCK_SKEW_MS, type Json } from './verify/rules.js';
import { verifyWith, type VerifyCredentialOptions } from './verify/verify-core.js';

/**
 * The proof of a credential shaped as the credential builders make it is checked without JSON-LD expansion (see
 * `@healthcred/canonize`), with the same checks and results as through `@digitalbazaar/vc`, which checks the rest.
 */
const checkProofNode: ProofCheck = async (credential: Json, documentLoader, at) => {
  const fast = await checkProofFast({ credential, documentLoader, now: at, maxClockSkew: MAX_CLOCK_SKEW_MS / 1000 });
  if (!fast.covered) return checkProofGeneral(credential, documentLoader, at);
  if (fast.error === undefined) return undefined;
  return classifyProofError(fast.error, String((credential.proof as Json).verificationMethod));
};

/**
 * Verifies a credential against a trust list: it is valid only when a trusted issuer signed exactly this (known
 * contexts only, no JSON-LD keywords or prototype members), it names its holder, it is within its validity dates,
 * the key is the issuer's, not revoked and listed for assertionMethod, and (with `checkStatus`) no status entry says
 * revoked or suspended. Without `checkStatus`, a credential with a status entry carries the warning
 * `status_not_checked`.
 *
 * Never throws for a bad credential: a failed verification is data. Each failed check has a code and a reason, and
 * the result names the issuer and its trust entry. The browser build is `@healthcred/credentials/verify`.
 */
export function verifyCredential(options: VerifyCredentialOptions): Promise<VerificationResult> {
  return verifyWith(options, checkProofNode, canonizeDivocFast);
}

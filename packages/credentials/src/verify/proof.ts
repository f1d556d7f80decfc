import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { DocumentLoader } from '@healthcred/document-loader/browser';
import type { VerificationError } from '@healthcred/types';
import { eddsaRdfc2022Suite } from '../vc2-suite.js';
import { undefinedTerm, wrappedHealthcredError } from './jsonld-errors.js';
import { MAX_CLOCK_SKEW_MS, type Json } from './rules.js';

/**
 * Checks a credential's proof with a loader that holds only trusted keys and known contexts, and returns the failure
 * as a check and reason, or undefined when the proof holds. Runs at `at` (the issuance date), because vc also refuses
 * a credential outside its validity period, which would hide whether the signature holds.
 */
export type ProofCheck = (credential: Json, documentLoader: DocumentLoader, at: Date) => Promise<VerificationError | undefined>;

/** Turns a proof failure reported by the vc library (or the fast path, which reports the same) into a check and a reason. */
export function classifyProofError(error: unknown, verificationMethod: string): VerificationError {
  const message = error instanceof Error ? error.message : String(error);
  const known = wrappedHealthcredError(error);
  if (known?.code === 'unknown_document') {
    if (known.message.includes('"did:')) {
      return { check: 'issuer_key', code: 'unknown_key', message: `The signing key ${verificationMethod} is not a key of any trusted issuer.` };
    }
    return { check: 'contexts', code: 'unknown_context', message: known.message };
  }
  const property = undefinedTerm(error);
  if (property !== undefined) {
    return { check: 'contexts', code: 'unknown_term', message: `Field "${property}" is not defined by the credential's contexts.` };
  }
  if (/issuer must match/i.test(message)) {
    return {
      check: 'issuer_key', code: 'issuer_mismatch',
      message: `The signing key ${verificationMethod} is not controlled by the credential's issuer.`,
    };
  }
  if (/not authorized|assertionMethod/i.test(message)) {
    return {
      check: 'issuer_key', code: 'key_not_authorized',
      message: `The signing key ${verificationMethod} is not listed for assertionMethod by its controller.`,
    };
  }
  return {
    check: 'proof', code: 'invalid_signature',
    message: 'The signature does not match the credential: it was changed after signing or signed by another key.',
  };
}

/** The status is checked by the verifier itself; vc refuses a `credentialStatus` unless given a checker. */
async function statusCheckedElsewhere() {
  return { verified: true };
}

/**
 * The proof check through `@digitalbazaar/vc` and its Ed25519Signature2020 suite, or for a VC 2.0 credential's
 * `DataIntegrityProof` the `@digitalbazaar/data-integrity` suite with the `eddsa-rdfc-2022` cryptosuite: works in
 * Node and in browsers.
 */
export const checkProofGeneral: ProofCheck = async (credential, documentLoader, at) => {
  const verificationMethod = String((credential.proof as Json).verificationMethod);
  let error: unknown;
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: (credential.proof as Json).type === 'DataIntegrityProof' ? eddsaRdfc2022Suite() : new Ed25519Signature2020(),
      documentLoader, now: at, maxClockSkew: MAX_CLOCK_SKEW_MS / 1000,
      checkStatus: statusCheckedElsewhere,
    });
    if (result.verified) return undefined;
    const proofResult = result.results?.[0];
    error = proofResult?.error ?? proofResult?.purposeResult?.error ?? result.error?.errors?.[0] ?? result.error;
  } catch (thrown) {
    error = thrown;
  }
  return classifyProofError(error, verificationMethod);
};

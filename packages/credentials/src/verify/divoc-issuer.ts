import type { DivocKey, DivocRevocationState, DivocTrustedIssuer, VerificationError, VerificationWarning } from '@healthcred/types';
import { DIVOC_SUITES, type DivocSuite } from './divoc-proof.js';
import { fail, type Failure, type Json } from './rules.js';

export type { DivocRevocationState };

/**
 * Asks a DIVOC revocation route (`POST <url>` with the certificate) whether a certificate is revoked or suspended.
 * Throws when the answer is none of these (then revocation could not be checked).
 */
export type DivocRevocationChecker = (certificate: Json, url: string) => Promise<DivocRevocationState>;

/**
 * The keys of a DIVOC issuer that may have signed a certificate: those with the proof's key id and the suite's key
 * type, not revoked. Else the key failure: a key id the entry does not know, or only revoked keys under it.
 */
export function divocKeysFor(credential: Json, issuer: DivocTrustedIssuer): DivocKey[] | VerificationError {
  const proof = credential.proof as Json;
  const methodId = String(proof.verificationMethod);
  const keyType = DIVOC_SUITES[proof.type as DivocSuite].keyType;
  const named = issuer.divoc.keys.filter((key) => key.id === methodId && key.type === keyType);
  if (named.length === 0) {
    return {
      check: 'issuer_key', code: 'unknown_key',
      message: `The signing key ${methodId} (${String(proof.type)}) is not a key of ${issuer.name} on this verifier's trust list.`,
    };
  }
  const usable = named.filter((key) => key.revoked === undefined);
  if (usable.length === 0) {
    return {
      check: 'issuer_key', code: 'revoked_key',
      message: `The signing key ${methodId} was revoked on ${named[0]!.revoked}: nothing it signed is valid.`,
    };
  }
  return usable;
}

/**
 * The revocation of a DIVOC certificate: a failure (`revoked`, `suspended`, or `status_unavailable` when the route gave another
 * answer or none), nothing when the route says it is not revoked, or a `status_not_checked` warning when it cannot be
 * asked (no route configured for the issuer, or no checker, e.g. offline).
 */
export async function checkDivocRevocation(
  credential: Json, issuer: DivocTrustedIssuer, checker: DivocRevocationChecker | undefined,
): Promise<{ failure?: Failure; warning?: VerificationWarning }> {
  const url = issuer.divoc.revocationUrl;
  if (url === undefined) {
    return { warning: { code: 'status_not_checked', message:
      `Revocation cannot be checked: a DIVOC certificate carries no status entry, and no DIVOC revocation service is configured for ${issuer.name}.` } };
  }
  if (checker === undefined) {
    return { warning: { code: 'status_not_checked', message: 'Revocation was NOT checked: this verifier is offline from the DIVOC revocation service.' } };
  }
  try {
    const state = await checker(credential, url);
    if (state === 'revoked') return { failure: fail('revoked', 'The issuer has revoked this certificate.') };
    return state === 'suspended' ? { failure: fail('suspended', 'The issuer has suspended this certificate.') } : {};
  } catch {
    return { failure: fail('status_unavailable', 'The revocation status could not be checked (the DIVOC revocation service did not answer 200 or 404).') };
  }
}

/** The checks `verifyCredential` performs, in order. */
export type VerificationCheckName =
  | 'structure' | 'contexts' | 'holder' | 'issuer' | 'dates' | 'issuer_key' | 'proof' | 'status';

/** Why a check failed, in machine-readable form. */
export type VerificationErrorCode =
  | 'malformed_credential'
  | 'duplicate_member'
  | 'forbidden_member'
  | 'unknown_context'
  | 'unknown_term'
  | 'missing_holder'
  | 'untrusted_issuer'
  | 'not_yet_valid'
  | 'expired'
  | 'invalid_signature'
  | 'unknown_key'
  | 'revoked_key'
  | 'key_not_authorized'
  | 'issuer_mismatch'
  | 'revoked'
  | 'suspended'
  | 'status_unavailable';

/** One failed check, with a reason a person can read. */
export interface VerificationError {
  check: VerificationCheckName;
  code: VerificationErrorCode;
  message: string;
}

/** Something a verifier must know although no check failed. */
export interface VerificationWarning {
  /** `status_not_checked`: the credential has a revocation entry that was not looked up (e.g. offline). */
  code: 'status_not_checked';
  message: string;
}

/** Who issued a verified credential, as the verifier's trust list knows them. */
export interface VerifiedIssuer {
  /** The credential's `issuer` DID. */
  id: string;
  /** Whether the DID is on the verifier's trust list. */
  trusted: boolean;
  /** The health authority's name, from its trust entry. */
  name?: string;
  /** Its country (ISO 3166-1 alpha-2), from its trust entry. */
  country?: string;
}

/** The result of verifying a credential. A failed verification is data, not an exception. */
export interface VerificationResult {
  verified: boolean;
  /** The checks that passed. */
  checks: VerificationCheckName[];
  /** The checks that failed, with reasons. Empty when verified. */
  errors: VerificationError[];
  /** What the verifier could not check, e.g. revocation without a status list. */
  warnings: VerificationWarning[];
  /** The issuer the credential names, and whether and as whom it is trusted; absent when unreadable. */
  issuer?: VerifiedIssuer;
}

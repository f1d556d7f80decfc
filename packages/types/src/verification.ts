/** The checks `verifyCredential` performs, in order. */
export type VerificationCheckName = 'structure' | 'dates' | 'proof' | 'issuer_key' | 'status';

/** Why a check failed, in machine-readable form. */
export type VerificationErrorCode =
  | 'malformed_credential'
  | 'not_yet_valid'
  | 'expired'
  | 'invalid_signature'
  | 'unknown_key'
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

/** The result of verifying a credential. A failed verification is data, not an exception. */
export interface VerificationResult {
  verified: boolean;
  /** The checks that passed. */
  checks: VerificationCheckName[];
  /** The checks that failed, with reasons. Empty when verified. */
  errors: VerificationError[];
}

import type { VerificationErrorCode, VerificationResult } from '@healthcred/types';
import type { MessageKey } from '../shared/i18n.js';

/** What the verifier page shows first. */
export type VerdictState = 'valid' | 'revoked' | 'invalid' | 'unchecked';

export interface Verdict {
  state: VerdictState;
  /** Plain-language reasons, the most important first. Empty when valid. */
  reasons: MessageKey[];
}

const REASONS: Record<VerificationErrorCode, MessageKey> = {
  malformed_credential: 'reason.malformed_credential',
  duplicate_member: 'reason.altered_form',
  forbidden_member: 'reason.altered_form',
  unknown_context: 'reason.altered_form',
  unknown_term: 'reason.altered_form',
  missing_holder: 'reason.missing_holder',
  untrusted_issuer: 'reason.untrusted_issuer',
  revoked_key: 'reason.revoked_key',
  not_yet_valid: 'reason.not_yet_valid',
  expired: 'reason.expired',
  invalid_signature: 'reason.invalid_signature',
  unknown_key: 'reason.unknown_key',
  key_not_authorized: 'reason.key_not_authorized',
  issuer_mismatch: 'reason.issuer_mismatch',
  revoked: 'reason.revoked',
  suspended: 'reason.suspended',
  status_unavailable: 'reason.status_unavailable',
};

const STATUS_CODES: readonly string[] = ['revoked', 'suspended', 'status_unavailable'];

/**
 * The verdict of a verification result: invalid when the credential itself fails (forged, changed, expired, unknown
 * issuer), else revoked when its status list says so, else invalid when the status could not be checked. Pure.
 */
export function verdictOf(result: Pick<VerificationResult, 'verified' | 'errors'>): Verdict {
  if (result.verified) return { state: 'valid', reasons: [] };
  const codes = result.errors.map((error) => error.code);
  const ranked = [...codes.filter((code) => !STATUS_CODES.includes(code)), ...codes.filter((code) => STATUS_CODES.includes(code))];
  const reasons = [...new Set(ranked.map((code) => REASONS[code] ?? 'reason.malformed_credential'))];
  const failsItself = codes.some((code) => !STATUS_CODES.includes(code));
  const revoked = codes.includes('revoked') || codes.includes('suspended');
  return { state: !failsItself && revoked ? 'revoked' : 'invalid', reasons };
}

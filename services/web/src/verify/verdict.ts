import type { VerificationErrorCode, VerificationResult, VerificationWarning } from '@healthcred/types';
import type { MessageKey } from '../shared/i18n.js';

/**
 * What the verifier page shows first. `valid` (the green tick) only for a credential that verified with nothing left
 * unchecked; `unchecked` when it verified but something was not checked (its revocation); `revoked` when it is
 * genuine but revoked; `suspended` when it is genuine but suspended (its issuer may reinstate it); `invalid` otherwise.
 */
export type VerdictState = 'valid' | 'revoked' | 'suspended' | 'invalid' | 'unchecked';

/** The issuer shown with a verdict: a trusted health authority, or the DID of an issuer not on the trust list. */
export type ShownIssuer = { trusted: true; id: string; name: string; country: string } | { trusted: false; id: string };

export interface Verdict {
  state: VerdictState;
  /** Plain-language reasons, the most important first. Empty when valid. */
  reasons: MessageKey[];
  /** Who issued it, when the result says so with authority (see `verdictOf`). */
  issuer?: ShownIssuer;
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

const WARNING_REASONS: Record<VerificationWarning['code'], MessageKey> = {
  status_not_checked: 'reason.status_unavailable',
};

const STATUS_CODES: readonly string[] = ['revoked', 'suspended', 'status_unavailable'];

const unique = (keys: MessageKey[]) => [...new Set(keys)];

/**
 * The issuer to name: the trusted authority when the credential itself holds (valid, unchecked, revoked), never for
 * one that failed, which may only claim to be theirs; the DID of an issuer that is not trusted, to say so.
 */
function shownIssuer(state: VerdictState, result: Pick<VerificationResult, 'errors' | 'issuer'>): ShownIssuer | undefined {
  const issuer = result.issuer;
  if (!issuer) return undefined;
  if (issuer.trusted && state !== 'invalid' && issuer.name !== undefined && issuer.country !== undefined) {
    return { trusted: true, id: issuer.id, name: issuer.name, country: issuer.country };
  }
  const untrusted = !issuer.trusted && result.errors.some((error) => error.code === 'untrusted_issuer');
  return untrusted ? { trusted: false, id: issuer.id } : undefined;
}

/**
 * The verdict of a verification result: unchecked when it verified with a warning; invalid when the credential
 * itself fails (forged, changed, expired, unknown issuer), else revoked when its status list says so, else invalid
 * when the status could not be checked. Pure.
 */
export function verdictOf(result: Pick<VerificationResult, 'verified' | 'errors' | 'warnings' | 'issuer'>): Verdict {
  const codes = result.errors.map((error) => error.code);
  let verdict: Pick<Verdict, 'state' | 'reasons'>;
  if (result.verified) {
    const reasons = unique(result.warnings.map((warning) => WARNING_REASONS[warning.code] ?? 'reason.status_unavailable'));
    verdict = { state: reasons.length === 0 ? 'valid' : 'unchecked', reasons };
  } else {
    const ranked = [...codes.filter((code) => !STATUS_CODES.includes(code)), ...codes.filter((code) => STATUS_CODES.includes(code))];
    const failsItself = codes.some((code) => !STATUS_CODES.includes(code));
    const withdrawn = codes.includes('revoked') ? 'revoked' : codes.includes('suspended') ? 'suspended' : undefined;
    verdict = {
      state: !failsItself && withdrawn ? withdrawn : 'invalid',
      reasons: unique(ranked.map((code) => REASONS[code] ?? 'reason.malformed_credential')),
    };
  }
  const issuer = shownIssuer(verdict.state, result);
  return issuer ? { ...verdict, issuer } : verdict;
}

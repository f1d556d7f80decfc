import { expect } from 'chai';
import type { VerificationError, VerificationResult, VerifiedIssuer } from '@healthcred/types';
import { verdictOf } from '../src/verify/verdict.js';

const error = (code: VerificationError['code']): VerificationError => ({ check: 'proof', code, message: '' });
const AUTHORITY: VerifiedIssuer = { id: 'did:web:moh.example', trusted: true, name: 'Ministry of Health', country: 'LK' };
const NAMED = { trusted: true, id: 'did:web:moh.example', name: 'Ministry of Health', country: 'LK' };

function result(errors: VerificationError[], extra: Partial<VerificationResult> = {}): VerificationResult {
  return { verified: errors.length === 0, checks: [], errors, warnings: [], issuer: AUTHORITY, ...extra };
}

describe('verdictOf()', () => {
  describe('negative', () => {
    it('does not call a verified credential valid when its revocation was not checked', () => {
      const unchecked = result([], { warnings: [{ code: 'status_not_checked', message: '' }] });
      expect(verdictOf(unchecked)).to.deep.equal({ state: 'unchecked', reasons: ['reason.status_unavailable'], issuer: NAMED });
    });

    it('says that the issuer is not trusted, naming its DID and no authority', () => {
      const forged = result([error('untrusted_issuer')], { issuer: { id: 'did:key:z6MkForger', trusted: false } });
      expect(verdictOf(forged)).to.deep.equal({
        state: 'invalid', reasons: ['reason.untrusted_issuer'], issuer: { trusted: false, id: 'did:key:z6MkForger' },
      });
    });

    it('names no authority for a credential that fails, though it names a trusted issuer', () => {
      for (const code of ['invalid_signature', 'revoked_key', 'unknown_context'] as const) {
        expect(verdictOf(result([error(code)])), code).to.not.have.property('issuer');
      }
    });

    it('calls a credential in an altered form, with a revoked key or without a holder invalid, saying why', () => {
      for (const code of ['duplicate_member', 'forbidden_member', 'unknown_context', 'unknown_term'] as const) {
        expect(verdictOf(result([error(code)])), code).to.include({ state: 'invalid' })
          .and.to.have.property('reasons').that.deep.equals(['reason.altered_form']);
      }
      expect(verdictOf(result([error('revoked_key')])).reasons).to.deep.equal(['reason.revoked_key']);
      expect(verdictOf(result([error('missing_holder')])).reasons).to.deep.equal(['reason.missing_holder']);
    });

    it('calls a changed or forged credential invalid, even when its status list also revokes it', () => {
      expect(verdictOf(result([error('revoked'), error('invalid_signature')])))
        .to.deep.equal({ state: 'invalid', reasons: ['reason.invalid_signature', 'reason.revoked'] });
    });

    it('calls a credential whose status cannot be checked invalid, saying so', () => {
      expect(verdictOf(result([error('status_unavailable')])))
        .to.deep.equal({ state: 'invalid', reasons: ['reason.status_unavailable'] });
    });

    it('names each reason once, the credential\'s own failures first', () => {
      const verdict = verdictOf(result([error('status_unavailable'), error('expired'), error('expired')]));
      expect(verdict.reasons).to.deep.equal(['reason.expired', 'reason.status_unavailable']);
    });
  });

  it('should call a revoked credential revoked and a suspended one suspended, naming its issuer', () => {
    expect(verdictOf(result([error('revoked')])))
      .to.deep.equal({ state: 'revoked', reasons: ['reason.revoked'], issuer: NAMED });
    expect(verdictOf(result([error('suspended')])))
      .to.deep.equal({ state: 'suspended', reasons: ['reason.suspended'], issuer: NAMED });
    expect(verdictOf(result([error('suspended'), error('revoked')])).state, 'revoked is final').to.equal('revoked');
  });

  it('should call a verified credential valid, with no reasons, naming the authority', () => {
    expect(verdictOf(result([]))).to.deep.equal({ state: 'valid', reasons: [], issuer: NAMED });
    expect(verdictOf(result([], { issuer: undefined }))).to.deep.equal({ state: 'valid', reasons: [] });
  });
});

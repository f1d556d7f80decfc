import { expect } from 'chai';
import type { VerificationError } from '@healthcred/types';
import { verdictOf } from '../src/verify/verdict.js';

const error = (code: VerificationError['code']): VerificationError => ({ check: 'proof', code, message: '' });

describe('verdictOf()', () => {
  it('should call a verified credential valid, with no reasons', () => {
    expect(verdictOf({ verified: true, errors: [] })).to.deep.equal({ state: 'valid', reasons: [] });
  });

  it('should call a revoked or suspended credential revoked', () => {
    expect(verdictOf({ verified: false, errors: [error('revoked')] }))
      .to.deep.equal({ state: 'revoked', reasons: ['reason.revoked'] });
    expect(verdictOf({ verified: false, errors: [error('suspended')] }).state).to.equal('revoked');
  });

  describe('negative', () => {
    it('calls a changed or forged credential invalid, even when its status list also revokes it', () => {
      expect(verdictOf({ verified: false, errors: [error('revoked'), error('invalid_signature')] }))
        .to.deep.equal({ state: 'invalid', reasons: ['reason.invalid_signature', 'reason.revoked'] });
    });

    it('calls a credential whose status cannot be checked invalid, saying so', () => {
      expect(verdictOf({ verified: false, errors: [error('status_unavailable')] }))
        .to.deep.equal({ state: 'invalid', reasons: ['reason.status_unavailable'] });
    });

    it('names each reason once, the credential\'s own failures first', () => {
      const result = verdictOf({ verified: false, errors: [error('status_unavailable'), error('expired'), error('expired')] });
      expect(result.reasons).to.deep.equal(['reason.expired', 'reason.status_unavailable']);
    });
  });
});

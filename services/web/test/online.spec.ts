import { expect } from 'chai';
import { readVerificationResult } from '../src/verify/online.js';

const failed = {
  verified: false, checks: ['structure'], warnings: [],
  errors: [{ check: 'issuer', code: 'untrusted_issuer', message: 'The issuer did:key:z6Mk is not on this verifier\'s trust list.' }],
  issuer: { id: 'did:key:z6Mk', trusted: false },
};

describe('readVerificationResult()', () => {
  describe('negative', () => {
    it('refuses an error answer (a malformed request, a rate limit) and anything not a verification', () => {
      for (const body of [undefined, null, 'text', { error: { code: 'invalid_input', message: 'The body must be …' } },
        { ...failed, verified: 'false' }, { ...failed, errors: undefined }, { ...failed, warnings: undefined }]) {
        expect(readVerificationResult(body), JSON.stringify(body)).to.equal(undefined);
      }
    });

    it('refuses a result that says verified but names errors, or whose issuer is unreadable', () => {
      expect(readVerificationResult({ ...failed, verified: true })).to.equal(undefined);
      expect(readVerificationResult({ ...failed, errors: [{ check: 'proof' }] })).to.equal(undefined);
      expect(readVerificationResult({ ...failed, issuer: { id: 'did:key:z6Mk' } })).to.equal(undefined);
    });
  });

  it('should read the 400 body of a failed verification as a result, like the 200 body of a verified one', () => {
    expect(readVerificationResult(failed)).to.deep.equal(failed);
    const verified = { verified: true, checks: ['structure', 'proof'], errors: [], warnings: [] };
    expect(readVerificationResult(verified)).to.deep.equal(verified);
  });
});

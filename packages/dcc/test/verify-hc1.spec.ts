import { deflateSync, inflateSync } from 'node:zlib';
import { expect } from 'chai';
import { decodeBase45, encodeBase45 } from '@healthcred/qr';
import {
  buildTrustList, createDccTestPki, decodeHc1, encodeHc1, issueDcc, loadDefaultDccValueSets, loadDsc,
  verifyHc1,
} from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';
import { issueWith, PKI_START, SIGN_TIME, testPki, trustListOf } from './fixtures/pki.js';
import { TEST_UVCI, vaccination } from './fixtures/records.js';

const DAY = 86_400_000;
const pki = testPki();
const issued = issueWith(pki);
const trustList = trustListOf(pki);

function verifyAt(hc1: string, now = SIGN_TIME, list = trustList) {
  return verifyHc1({ hc1, trustList: list, now });
}

describe('verifyHc1()', () => {
  it('should verify an HC1 of a DSC in the trust list and return its payload, kid and times', () => {
    const result = verifyAt(issued.hc1);
    expect(result).to.deep.include({ verified: true, errors: [], kid: issued.kid, issuerCountry: 'LK', payload: issued.payload });
    expect(result.issuedAt).to.deep.equal(SIGN_TIME);
    expect(result.expiresAt).to.deep.equal(new Date(SIGN_TIME.getTime() + 30 * DAY));
  });

  it('should verify a PS256 HC1', () => {
    const rsa = testPki('PS256');
    expect(verifyAt(issueWith(rsa).hc1, SIGN_TIME, trustListOf(rsa)).verified).to.equal(true);
  });

  describe('negative', () => {
    it('rejects a change of any byte of the COSE payload', () => {
      const cose = Buffer.from(inflateSync(decodeBase45(issued.hc1.slice(4))));
      const payload = Buffer.from(decodeHc1(issued.hc1).cose.payload);
      const start = cose.indexOf(payload);
      expect(start).to.be.greaterThan(0);
      const codes = new Set<string>();
      for (let i = start; i < start + payload.length; i++) {
        const tampered = Buffer.from(cose);
        tampered[i] ^= 0x01;
        const result = verifyAt(encodeHc1(tampered));
        expect(result.verified, `byte ${i - start} of ${payload.length}`).to.equal(false);
        result.errors.forEach((error) => codes.add(error.code));
      }
      expect(codes).to.include('bad_signature');
      expect([...codes].every((code) => code === 'bad_signature' || code === 'malformed')).to.equal(true);
    });

    it('rejects a changed signature byte, a changed kid and a changed algorithm', () => {
      const cose = Buffer.from(inflateSync(decodeBase45(issued.hc1.slice(4))));
      expect(cose.subarray(0, 8).toString('hex')).to.equal('d2844da201260448');
      const changed = (index: number, mask: number) => {
        const copy = Buffer.from(cose);
        copy[index] ^= mask;
        return verifyAt(encodeHc1(copy)).errors.map((error) => error.code);
      };
      expect(changed(cose.length - 1, 0x80)).to.deep.equal(['bad_signature']);
      expect(changed(15, 0x01)).to.deep.equal(['unknown_kid']);
      expect(changed(5, 0x01)).to.deep.equal(['unsupported_algorithm']);
    });

    it('rejects an unknown kid with a clear reason', () => {
      const other = createDccTestPki({ country: 'LK', now: PKI_START });
      const result = verifyAt(issued.hc1, SIGN_TIME, buildTrustList([other.dsc.certificatePem]));
      expect(result.verified).to.equal(false);
      expect(result.errors).to.deep.equal([{ code: 'unknown_kid', message: `No DSC in the trust list has the key id ${issued.kid}.` }]);
    });

    it('rejects a trust list entry that pairs the kid with another certificate', () => {
      const other = buildTrustList([createDccTestPki({ country: 'LK', now: PKI_START }).dsc.certificatePem]);
      const mislabelled = [{ ...other[0]!, kid: issued.kid }];
      expect(verifyAt(issued.hc1, SIGN_TIME, mislabelled).errors[0]?.code).to.equal('bad_signature');
    });

    it('rejects an expired DCC, one issued in the future and one whose DSC has expired', () => {
      expect(verifyAt(issued.hc1, new Date(SIGN_TIME.getTime() + 31 * DAY)).errors.map((e) => e.code)).to.deep.equal(['expired']);
      expect(verifyAt(issued.hc1, new Date(SIGN_TIME.getTime() - DAY)).errors.map((e) => e.code)).to.deep.equal(['not_yet_valid']);
      const longLived = issueDcc({ record: vaccination(), signer: loadDsc(pki.dsc), valueSets: loadDefaultDccValueSets(),
        country: 'LK', issuerName: 'MoH', uvci: TEST_UVCI, now: SIGN_TIME, validityDays: 800 });
      expect(verifyAt(longLived.hc1, new Date(PKI_START.getTime() + 400 * DAY)).errors.map((e) => e.code))
        .to.deep.equal(['dsc_not_valid', 'expired']);
    });

    it('rejects malformed input without throwing', () => {
      for (const hc1 of ['', 'HC2:ABC', 'HC1:', 'HC1:abc', 'HC1:%%%%', `HC1:${encodeBase45(deflateSync(Buffer.from('not cbor')))}`]) {
        const result = verifyAt(hc1);
        expect(result.verified, hc1).to.equal(false);
        expect(result.errors[0]?.code, hc1).to.equal('malformed');
      }
      expect(verifyHc1({ hc1: 42 as unknown as string, trustList, now: SIGN_TIME }).errors[0]?.code).to.equal('malformed');
    });

    it('rejects data that inflates beyond the limit (zip bomb) and over-long text', () => {
      const bomb = `HC1:${encodeBase45(deflateSync(Buffer.alloc(1024 * 1024)))}`;
      expect(bomb.length).to.be.lessThan(4296);
      const result = verifyAt(bomb);
      expect(result.errors[0]?.code).to.equal('malformed');
      expect(result.errors[0]?.message).to.contain('inflates to more than');
      expect(verifyAt(`HC1:${'0'.repeat(5000)}`).errors[0]?.message).to.contain('longer than');
    });
  });
});

describe('decodeHc1()', () => {
  it('should take an HC1 apart without verifying it', () => {
    const decoded = decodeHc1(issued.hc1);
    expect(decoded).to.deep.include({ algorithm: 'ES256', kid: issued.kid });
    expect(decoded.claims).to.deep.equal({ iss: 'LK', iat: SIGN_TIME.getTime() / 1000,
      exp: SIGN_TIME.getTime() / 1000 + 30 * 86_400, dcc: issued.payload });
  });

  describe('negative', () => {
    it('rejects text without the HC1: prefix', () => {
      expectHealthcredError(() => decodeHc1('HC2:ABC'), 'invalid_input', 'hc1');
    });
  });
});

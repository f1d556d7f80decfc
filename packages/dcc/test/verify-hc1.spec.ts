import { deflateSync, inflateSync } from 'node:zlib';
import { expect } from 'chai';
import { decodeBase45, encodeBase45 } from '@healthcred/qr';
import {
  buildTrustList, createDccTestPki, DCC_EXTENDED_KEY_USAGE, DCC_LEGACY_EXTENDED_KEY_USAGE, decodeHc1, encodeHc1, issueDcc,
  loadDefaultDccValueSets, loadDsc, verifyHc1, type DccAlgorithm, type DccPayload,
} from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';
import { forgeHc1, oddDsc, type DscKey } from './fixtures/odd-dsc.js';
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

  it('should verify a COSE_Sign1 wrapped in the CWT tag 61', () => {
    const dsc = oddDsc();
    const iat = PKI_START.getTime() / 1000;
    const hc1 = forgeHc1({ dsc, dcc: issued.payload, iat, exp: iat + 86_400, cwtTag: true });
    expect(verifyHc1({ hc1, trustList: dsc.trustList, now: PKI_START })).to.deep.include({ verified: true, errors: [] });
  });

  it('should honour the legacy 1.3.6.1.4.1.0.1847.2021.1.* key usages like the current ones', () => {
    const iat = PKI_START.getTime() / 1000;
    const verifyWith = (extendedKeyUsage: string[]) => {
      const dsc = oddDsc({ extendedKeyUsage });
      return verifyHc1({ hc1: forgeHc1({ dsc, dcc: issued.payload, iat, exp: iat + 86_400 }), trustList: dsc.trustList, now: PKI_START })
        .errors.map((error) => error.code);
    };
    expect(verifyWith([DCC_LEGACY_EXTENDED_KEY_USAGE.vaccination])).to.deep.equal([]);
    expect(verifyWith([DCC_LEGACY_EXTENDED_KEY_USAGE.test, DCC_LEGACY_EXTENDED_KEY_USAGE.recovery])).to.deep.equal(['dsc_not_allowed']);
    expect(verifyWith([DCC_EXTENDED_KEY_USAGE.test, DCC_LEGACY_EXTENDED_KEY_USAGE.vaccination])).to.deep.equal([]);
    expect(verifyWith(['1.3.6.1.5.5.7.3.1'])).to.deep.equal([]);
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

    it('rejects a CWT issued before its DSC became valid or expiring after it, as outside_dsc_validity', () => {
      const dsc = oddDsc({ days: 100 });
      const start = PKI_START.getTime() / 1000;
      const at = (iat: number, exp: number) => verifyHc1({ hc1: forgeHc1({ dsc, dcc: issued.payload, iat, exp }),
        trustList: dsc.trustList, now: new Date((start + 10 * 86_400) * 1000) }).errors;
      expect(at(start, start + 100 * 86_400)).to.deep.equal([]);
      expect(at(start, start + 100 * 86_400 + 1)).to.deep.equal([{ code: 'outside_dsc_validity', message: 'The DCC expires (exp) after its DSC does.' }]);
      expect(at(start - 1, start + 86_400 * 20).map((error) => error.code)).to.deep.equal(['outside_dsc_validity']);
      expect(at(start - 1, start + 86_400 * 20)[0]!.message).to.contain('before its DSC became valid');
    });

    it('rejects a key that cannot make the header\'s algorithm as key_type_mismatch, not bad_signature', () => {
      const iat = PKI_START.getTime() / 1000;
      const cases: [DscKey, DccAlgorithm, string][] = [
        ['P-384', 'ES256', 'has an EC P-384 key, which cannot verify ES256 (it needs EC P-256)'],
        ['RSA-2048', 'ES256', 'has an RSA 2048-bit key, which cannot verify ES256'],
        ['P-256', 'PS256', 'has an EC P-256 key, which cannot verify PS256 (it needs RSA of 2048 bits or more)'],
      ];
      for (const [key, algorithm, message] of cases) {
        const dsc = oddDsc({ key });
        const result = verifyHc1({ hc1: forgeHc1({ dsc, dcc: issued.payload, iat, exp: iat + 86_400, algorithm }),
          trustList: dsc.trustList, now: new Date((iat + 60) * 1000) });
        expect(result.errors.map((error) => error.code), `${key} under ${algorithm}`).to.deep.equal(['key_type_mismatch']);
        expect(result.errors[0]!.message).to.contain(message);
      }
    });

    it('rejects each broken layer with its own code, without throwing', () => {
      const cose = inflateSync(decodeBase45(issued.hc1.slice(4)));
      const cases: [unknown, string][] = [
        ['', 'bad_prefix'], ['HC2:ABC', 'bad_prefix'], [42, 'bad_prefix'], [issued.hc1.slice(4), 'bad_prefix'],
        ['HC1:abc', 'bad_base45'], ['HC1:%%%%', 'bad_base45'],
        ['HC1:', 'bad_compression'], [`HC1:${encodeBase45(cose)}`, 'bad_compression'],
        [`HC1:${encodeBase45(deflateSync(Buffer.from('not cbor')))}`, 'malformed'], [`HC1:${'0'.repeat(5000)}`, 'malformed'],
      ];
      for (const [hc1, code] of cases) {
        const result = verifyHc1({ hc1: hc1 as string, trustList, now: SIGN_TIME });
        expect(result.verified, String(hc1)).to.equal(false);
        expect(result.errors.map((error) => error.code), String(hc1)).to.deep.equal([code]);
      }
      expect(verifyAt(`HC1:${encodeBase45(cose)}`).errors[0]!.message).to.contain('requires ZLIB');
    });

    it('rejects a DCC claim (-260 → 1) that is not a map as malformed', () => {
      const dsc = oddDsc();
      const iat = PKI_START.getTime() / 1000;
      const hc1 = forgeHc1({ dsc, dcc: Buffer.from('a0', 'hex') as unknown as DccPayload, iat, exp: iat + 86_400 });
      expect(verifyHc1({ hc1, trustList: dsc.trustList, now: PKI_START }).errors.map((error) => error.code)).to.deep.equal(['malformed']);
    });

    it('rejects data that inflates beyond the limit (zip bomb) and over-long text', () => {
      const bomb = `HC1:${encodeBase45(deflateSync(Buffer.alloc(1024 * 1024)))}`;
      expect(bomb.length).to.be.lessThan(4296);
      const result = verifyAt(bomb);
      expect(result.errors[0]?.code).to.equal('bad_compression');
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

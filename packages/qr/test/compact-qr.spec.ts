import { expect } from 'chai';
import { verifyCredential, type Issuer } from '@healthcred/credentials';
import { COMPACT_V1_PREFIX, decodeCompactQr, decodeQrPayload, encodeCompactQr, encodeDivocQr, qrInfo, readQrImage, renderQrPng } from '@healthcred/qr';
import { FULL_FIELDS, issueExample, loaderFor, mockIssuer, trustFor, UNICODE_NAMES } from './fixtures/credentials.js';
import { statusEntryForPosition } from '@healthcred/status-list';

/** JSON with sorted keys: equal for the same credential whatever its key order. */
function sorted(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sorted).join(',')}]`;
  return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${sorted((value as any)[key])}`).join(',')}}`;
}

describe('encodeCompactQr() and decodeCompactQr()', () => {
  let issuer: Issuer;
  before(() => { issuer = mockIssuer(); });
  const now = new Date('2026-02-01T00:00:00Z');

  for (const kind of ['vaccination', 'test-result'] as const) {
    for (const [script, name] of Object.entries(UNICODE_NAMES)) {
      it(`should fit a ${kind} credential with a ${script} name in QR version <= 15 at ECC M, and verify after decoding`, async () => {
        const signed = await issueExample(issuer, kind, name);
        const payload = encodeCompactQr(signed);
        expect(payload.startsWith(COMPACT_V1_PREFIX)).to.equal(true);
        const info = qrInfo(payload, { ecc: 'M' });
        expect(info.mode).to.equal('alphanumeric');
        expect(info.version).to.be.at.most(15);
        expect(info.version).to.be.lessThan(qrInfo(encodeDivocQr(signed)).version);
        const decoded = decodeQrPayload(payload);
        expect(decoded.format).to.equal('compact');
        expect(sorted(decoded.credential)).to.equal(sorted(signed));
        expect(decoded.credential.proof.proofValue).to.equal(signed.proof.proofValue);
        const result = await verifyCredential({ credential: decoded.credential, documentLoader: loaderFor(issuer), trustedIssuers: trustFor(issuer), now });
        expect(result.verified).to.equal(true);
      });
    }
  }

  it('should round-trip the minimal credential and the full form in HCQ4 and the DIVOC zip, the minimal smaller', async () => {
    const full = mockIssuer(FULL_FIELDS);
    const status = statusEntryForPosition(1_000_000, 'https://certificates.health.gov.lk');
    const minimalSigned = await issueExample(issuer, 'vaccination', undefined, status);
    const fullSigned = await issueExample(full, 'vaccination', undefined, status);
    expect(fullSigned.credentialSubject).to.have.property('refId');
    expect(minimalSigned.credentialSubject).to.not.have.any.keys('refId', 'address', 'age');
    for (const [signer, signed] of [[issuer, minimalSigned], [full, fullSigned]] as const) {
      for (const payload of [encodeCompactQr(signed), encodeDivocQr(signed)]) {
        const decoded = decodeQrPayload(payload);
        expect(sorted(decoded.credential)).to.equal(sorted(signed));
        const result = await verifyCredential({ credential: decoded.credential, documentLoader: loaderFor(signer), trustedIssuers: trustFor(signer), now });
        expect(result.verified, decoded.format).to.equal(true);
      }
    }
    expect(encodeCompactQr(minimalSigned).startsWith('HCQ4:')).to.equal(true);
    expect(encodeCompactQr(minimalSigned).length).to.be.lessThan(encodeCompactQr(fullSigned).length);
    expect(encodeDivocQr(minimalSigned).length).to.be.lessThan(encodeDivocQr(fullSigned).length);
  });

  it('should be read back from its own PNG', async () => {
    const payload = encodeCompactQr(await issueExample(issuer, 'vaccination'));
    expect(new TextDecoder().decode(readQrImage(await renderQrPng(payload)))).to.equal(payload);
  });

  it('should round-trip fields the template does not foresee, and missing constants', async () => {
    const signed: any = await issueExample(issuer, 'vaccination');
    signed.extra = { note: 'x\u001fy', list: [1, 2] };
    signed.evidence.push({ id: 'urn:uuid:1', type: ['Vaccination'] });
    delete signed.nonTransferable;
    signed.credentialSubject.name = '';
    signed.id = 'urn:uuid:not-derived';
    expect(sorted(decodeCompactQr(encodeCompactQr(signed)))).to.equal(sorted(signed));
  });

  it('should round-trip a credential of an unknown type without a template', async () => {
    const signed: any = await issueExample(issuer, 'test-result');
    signed.type = ['VerifiableCredential', 'SomethingElse'];
    expect(sorted(decodeCompactQr(encodeCompactQr(signed)))).to.equal(sorted(signed));
  });

  describe('negative', () => {
    it('rejects a payload whose signature was changed (the credential no longer verifies)', async () => {
      const signed = await issueExample(issuer, 'vaccination');
      const decoded = decodeCompactQr(encodeCompactQr({ ...signed, credentialSubject: { ...signed.credentialSubject, name: 'Eve' } }));
      const result = await verifyCredential({ credential: decoded, documentLoader: loaderFor(issuer), trustedIssuers: trustFor(issuer), now });
      expect(result.verified).to.equal(false);
    });

    it('rejects a payload that is not base45, is truncated, or is of a newer version', async () => {
      const payload = encodeCompactQr(await issueExample(issuer, 'vaccination'));
      expect(() => decodeCompactQr(`${COMPACT_V1_PREFIX}abc`)).to.throw(/base45/);
      // Cut whole base45 groups (3 characters), so the rest is valid base45 of truncated data.
      const body = payload.length - COMPACT_V1_PREFIX.length - 30;
      const truncated = payload.slice(0, COMPACT_V1_PREFIX.length + body - (body % 3));
      expect(() => decodeCompactQr(truncated)).to.throw(/truncated|DEFLATE|malformed/);
      expect(() => decodeQrPayload(payload.replace('HCQ1:', 'HCQ9:'))).to.throw(/newer format version/);
    });

    it('rejects something that is not a credential', () => {
      expect(() => encodeCompactQr({ hello: 'world' })).to.throw(/not a credential/);
    });
  });
});

import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import base45 from 'base45';
import cbor from 'cbor';
import { expect } from 'chai';
import { testResult } from './fixtures/records.js';
import { issueWith, testPki } from './fixtures/pki.js';
import { dccSchemaValidator } from './fixtures/schema.js';

/**
 * Decodes and verifies an HC1 without any code of @healthcred/dcc: the `base45` and `cbor` npm packages, node:zlib
 * and node:crypto, with the Sig_structure rebuilt per RFC 9052 section 4.4.
 */
function independentlyVerify(hc1: string, dscPem: string) {
  expect(hc1.startsWith('HC1:')).to.equal(true);
  const cose = inflateSync(base45.decode(hc1.slice(4)));
  const tagged = cbor.decodeFirstSync(cose) as { tag: number; value: [Buffer, unknown, Buffer, Buffer] };
  expect(tagged.tag).to.equal(18);
  const [protectedBytes, unprotected, payload, signature] = tagged.value;
  const header = cbor.decodeFirstSync(protectedBytes) as Map<number, unknown>;
  const certificate = new X509Certificate(dscPem);
  const sigStructure = cbor.encode(['Signature1', protectedBytes, Buffer.alloc(0), payload]);
  const alg = header.get(1);
  const valid = alg === -7
    ? verify('sha256', sigStructure, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, signature)
    : verify('sha256', sigStructure, { key: certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  const claims = cbor.decodeFirstSync(payload) as Map<number, unknown>;
  return { header, unprotected, signature, valid, claims, certificate };
}

describe('issueDcc() checked by an independent implementation', () => {
  const validate = dccSchemaValidator();

  for (const algorithm of ['ES256', 'PS256'] as const) {
    it(`should produce an HC1 signed with ${algorithm} that base45 + zlib + cbor + node:crypto verify against the DSC`, () => {
      const pki = testPki(algorithm);
      const issued = issueWith(pki);
      const { header, unprotected, signature, valid, claims, certificate } = independentlyVerify(issued.hc1, pki.dsc.certificatePem);
      expect(valid).to.equal(true);
      expect(header.get(1)).to.equal(algorithm === 'ES256' ? -7 : -37);
      expect(cbor.encode(unprotected).toString('hex')).to.equal('a0');
      if (algorithm === 'ES256') expect(signature).to.have.length(64);
      const expectedKid = createHash('sha256').update(certificate.raw).digest().subarray(0, 8);
      expect(Buffer.compare(header.get(4) as Buffer, expectedKid)).to.equal(0);
      expect(issued.kid).to.equal(expectedKid.toString('base64'));
      expect(claims.get(1)).to.equal('LK');
      expect(claims.get(6)).to.equal(Date.parse('2026-02-01T00:00:00Z') / 1000);
      expect(claims.get(4)).to.equal(Date.parse('2026-03-03T00:00:00Z') / 1000);
      const dcc = (claims.get(-260) as Map<number, unknown>).get(1);
      expect(dcc).to.deep.equal(issued.payload);
      expect(validate(dcc), JSON.stringify(validate.errors)).to.equal(true);
    });
  }

  it('should produce a test-result HC1 that verifies independently and validates against the schema', () => {
    const pki = testPki();
    const { valid, claims } = independentlyVerify(issueWith(pki, testResult()).hc1, pki.dsc.certificatePem);
    expect(valid).to.equal(true);
    expect(validate((claims.get(-260) as Map<number, unknown>).get(1))).to.equal(true);
  });

  it('should fail the independent check when one byte of the COSE payload changes', () => {
    const pki = testPki();
    const cose = inflateSync(base45.decode(issueWith(pki).hc1.slice(4)));
    const tagged = cbor.decodeFirstSync(cose) as { value: [Buffer, unknown, Buffer, Buffer] };
    const [protectedBytes, , payload, signature] = tagged.value;
    payload[payload.length - 1] ^= 0x01;
    const sigStructure = cbor.encode(['Signature1', protectedBytes, Buffer.alloc(0), payload]);
    const key = new X509Certificate(pki.dsc.certificatePem).publicKey;
    expect(verify('sha256', sigStructure, { key, dsaEncoding: 'ieee-p1363' }, signature)).to.equal(false);
  });
});

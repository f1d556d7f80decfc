import { expect } from 'chai';
import { unzipSync } from 'fflate';
import { decodeQrPayload, defaultDivocLayout, encodeDivocQr } from '@healthcred/qr';

/** The outline of a signed credential with a proof of `type` (the layout depends on nothing else). */
function credential(type: string) {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://moh.example.gov.lk/credentials/vaccination/v1'],
    type: ['VerifiableCredential', 'ProofOfVaccinationCredential'], credentialSubject: { name: 'සුනිල් පෙරේරා' },
    proof: { type, jws: 'eyJhbGciOiJQUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..x' },
  };
}

describe('defaultDivocLayout() and the default layout of encodeDivocQr()', () => {
  describe('negative', () => {
    it('keeps healthcred credentials, and proofs of any other type, in the raw layout', () => {
      for (const type of ['Ed25519Signature2020', 'DataIntegrityProof', 'rsasignature2018', '']) {
        expect(defaultDivocLayout(credential(type)), type).to.equal('raw');
        expect(decodeQrPayload(encodeDivocQr(credential(type))).format).to.equal('divoc');
      }
      for (const value of [{}, null, undefined, 'text', { proof: null }]) expect(defaultDivocLayout(value)).to.equal('raw');
    });
  });

  for (const type of ['RsaSignature2018', 'Ed25519Signature2018']) {
    it(`should write a ${type} credential (the DIVOC profile) in DIVOC's own layout: the zip as UTF-8 text`, () => {
      const signed = credential(type);
      expect(defaultDivocLayout(signed)).to.equal('divoc-utf8');
      const payload = encodeDivocQr(signed);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
      const zip = Uint8Array.from(text, (char) => char.charCodeAt(0));
      expect(JSON.parse(new TextDecoder().decode(unzipSync(zip)['certificate.json']))).to.deep.equal(signed);
      expect(decodeQrPayload(payload)).to.deep.include({ format: 'divoc-utf8', credential: signed });
      expect(encodeDivocQr(signed, { layout: 'raw' })).to.deep.equal(zip);
    });
  }
});

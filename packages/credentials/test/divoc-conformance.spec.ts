import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { parseStrictJson } from '@healthcred/validation';
import { verifyWithDivoc, type DivocTestKey } from '@healthcred/testing';
import {
  CONFORMANCE_CERTIFICATES, CONFORMANCE_NAMESPACES, COWIN, conformanceIssuer, conformanceKey, divocConformanceDir,
  DIVOC_DATA_NOTICE, type ConformanceKey,
} from '@healthcred/testing';

const dir = divocConformanceDir();
const documentLoader = createDocumentLoader({ divocNamespaces: CONFORMANCE_NAMESPACES });

/** DIVOC's verifier configured with a key of the data, as a country's verifier app is built. */
function divocVerifierKey(key: ConformanceKey): DivocTestKey {
  const trusted = conformanceKey(dir!, key);
  return trusted.type === 'RsaVerificationKey2018'
    ? { type: 'RSA', config: { publicKeyPem: trusted.publicKeyPem }, trusted }
    : { type: 'ED25519', config: { publicKeyBase58: trusted.publicKeyBase58 }, trusted };
}

describe('verifyCredential() of DIVOC\'s own certificates (../shared/conformance/divoc)', function () {
  before(function () {
    if (dir === undefined) {
      console.log(DIVOC_DATA_NOTICE);
      this.skip();
    }
  });

  const read = (file: string) => parseStrictJson(readFileSync(join(dir!, `${file}.json`), 'utf8'), file);

  describe('negative', () => {
    it('rejects the tampered certificate with the key that signed the original, as DIVOC\'s verifier does', async () => {
      const tampered = read('tampered-rsa-cowin');
      for (const key of ['default-rsa', 'india'] as const) {
        const result = await verifyCredential({ credential: tampered, trustedIssuers: [conformanceIssuer(dir!, key)], documentLoader });
        expect(result.errors.map((error) => error.code), key).to.deep.equal(['invalid_signature']);
      }
      expect(await verifyWithDivoc(tampered as object, divocVerifierKey('default-rsa'))).to.equal(false);
    });

    it('refuses India\'s certificate with Sri Lanka\'s or the Philippines\' production key, as DIVOC\'s verifier does', async () => {
      const india = read('india-prod-cowin');
      for (const key of ['srilanka', 'philippines', 'default-rsa'] as const) {
        const result = await verifyCredential({ credential: india, trustedIssuers: [conformanceIssuer(dir!, key)], documentLoader });
        expect(result.verified, key).to.equal(false);
        expect(result.errors[0], key).to.include({ check: 'proof', code: 'invalid_signature' });
        expect(await verifyWithDivoc(india as object, divocVerifierKey(key)), key).to.equal(false);
      }
    });

    it('refuses a genuine certificate whose issuer is not the trusted key\'s', async () => {
      const result = await verifyCredential({
        credential: read('india-prod-cowin'), trustedIssuers: [conformanceIssuer(dir!, 'india', 'https://divoc.dev/')], documentLoader,
      });
      expect(result.errors[0]).to.include({ code: 'untrusted_issuer' });
    });
  });

  for (const { file, key, genuine } of CONFORMANCE_CERTIFICATES.filter((certificate) => certificate.genuine)) {
    it(`should verify ${file}.json with ${key} trusted, as DIVOC's verifier does, revocation not checkable`, async () => {
      const certificate = read(file);
      const result = await verifyCredential({ credential: certificate, trustedIssuers: [conformanceIssuer(dir!, key)], documentLoader });
      expect(result.errors).to.deep.equal([]);
      expect(result.verified).to.equal(genuine);
      expect(result.warnings.map((warning) => warning.code)).to.deep.equal(['status_not_checked']);
      expect(result.issuer).to.include({ trusted: true });
      expect(await verifyWithDivoc(certificate as object, divocVerifierKey(key))).to.equal(true);
    });
  }

  it('should verify India\'s production certificate on a trust list with every key of the data', async () => {
    const trustedIssuers = [conformanceIssuer(dir!, 'default-ed25519'), {
      ...conformanceIssuer(dir!, 'india'),
      divoc: { ...conformanceIssuer(dir!, 'india').divoc, keys: (['srilanka', 'philippines', 'default-rsa', 'india'] as const).map((key) => conformanceKey(dir!, key)) },
    }];
    const result = await verifyCredential({ credential: read('india-prod-cowin'), trustedIssuers, documentLoader });
    expect(result).to.deep.include({ verified: true, errors: [] });
    expect(result.issuer?.id).to.equal(COWIN);
  });
});

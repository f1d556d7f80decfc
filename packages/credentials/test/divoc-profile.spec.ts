import { expect } from 'chai';
import { buildDivocTestCredential, buildDivocVaccinationCredential, createDivocIssuer, issueDivocCredential, recordFromDivocCredential, type DivocIssuer } from '@healthcred/credentials';
import { type DivocProfile } from '@healthcred/types';
import { createDocumentLoader } from '@healthcred/document-loader';
import { createDivocSigner, importDivocKey } from '@healthcred/issuer-identity';
import { countryKey, divocAppVerify, type DivocAppSettings } from '@healthcred/testing';
import { maximalVaccinationRecord, mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';

const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v1';
const NAMESPACE_V2 = 'https://moh.example.gov.lk/credentials/vaccination/v2';
const TEST_NAMESPACE = 'https://moh.example.gov.lk/credentials/testCertificate/v1';

function profile(context: DivocProfile['context'] = 'vaccination/v1'): DivocProfile {
  return {
    context, namespaceUrl: context === 'vaccination/v1' ? NAMESPACE : NAMESPACE_V2, issuer: 'https://moh.example.gov.lk/',
    certificateBaseUrl: 'https://moh.example.gov.lk/vaccine/', infoBaseUrl: 'https://moh.example.gov.lk/?',
    feedbackBaseUrl: 'https://moh.example.gov.lk/feedback/?', testNamespaceUrl: TEST_NAMESPACE,
  };
}

function divocIssuer(material: Parameters<typeof importDivocKey>[0], context?: DivocProfile['context']): DivocIssuer {
  return {
    profile: profile(context), signer: createDivocSigner(importDivocKey(material, 'test')),
    documentLoader: createDocumentLoader({
      divocNamespaces: { [NAMESPACE]: 'vaccination/v1', [NAMESPACE_V2]: 'vaccination/v2', [TEST_NAMESPACE]: 'test-certificate/v1' },
    }),
  };
}

function credential(context?: DivocProfile['context']) {
  return buildDivocVaccinationCredential(mockVaccinationRecord(), {
    profile: profile(context), certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z',
  });
}

describe('the DIVOC profile against DIVOC\'s own verifier (certificate-signer-library)', () => {
  for (const keyType of ['RSA', 'ED25519'] as const) {
    for (const context of ['vaccination/v1', 'vaccination/v2'] as const) {
      describe(`${keyType}, ${context}`, () => {
        const key = countryKey(keyType, 'did:srilanka:moh');
        const app: DivocAppSettings = { ...key.app, namespace: NAMESPACE, namespaceV2: NAMESPACE_V2 };
        const issuer = divocIssuer(key.material, context);

        describe('negative', () => {
          it('rejects a certificate whose name was changed after signing', async () => {
            const signed = await issueDivocCredential({ credential: credential(context), issuer });
            signed.credentialSubject.name = 'Someone Else';
            expect((await divocAppVerify(app, JSON.stringify(signed))).verified).to.equal(false);
          });

          it('rejects a certificate signed by another key under the same key id', async () => {
            const other = divocIssuer(countryKey(keyType, 'did:srilanka:moh').material, context);
            const signed = await issueDivocCredential({ credential: credential(context), issuer: other });
            expect((await divocAppVerify(app, JSON.stringify(signed))).verified).to.equal(false);
          });

          it('rejects a certificate whose proof names another key id', async () => {
            const other = divocIssuer({ ...key.material, keyId: 'did:india' }, context);
            const signed = await issueDivocCredential({ credential: credential(context), issuer: other });
            expect((await divocAppVerify(app, JSON.stringify(signed))).verified).to.equal(false);
          });
        });

        it('should be verified by DIVOC\'s app', async () => {
          const signed = await issueDivocCredential({ credential: credential(context), issuer, now: new Date('2026-01-15T10:00:00.456Z') });
          expect(signed.proof).to.include({
            type: keyType === 'RSA' ? 'RsaSignature2018' : 'Ed25519Signature2018', created: '2026-01-15T10:00:00Z',
            verificationMethod: 'did:srilanka:moh', proofPurpose: 'assertionMethod',
          });
          const result = await divocAppVerify(app, JSON.stringify(signed));
          expect(result.verified, String((result as any).error?.errors?.[0] ?? (result as any).error)).to.equal(true);
        });

        it('should be verified by DIVOC\'s app when the general path signs (text the fast path leaves to jsonld)', async () => {
          const odd = credential(context);
          odd.credentialSubject.name = 'Lone \ud800 surrogate';
          const signed = await issueDivocCredential({ credential: odd, issuer });
          expect((await divocAppVerify(app, JSON.stringify(signed))).verified).to.equal(true);
        });
      });
    }
  }
});

describe('createDivocIssuer()', () => {
  describe('negative', () => {
    it('refuses a profile whose namespaces the deployment maps to other DIVOC contexts, naming the URL', () => {
      const key = importDivocKey(countryKey('ED25519', 'did:india').material, 'test');
      expect(() => createDivocIssuer({ profile: profile(), key, divocNamespaces: { [NAMESPACE]: 'vaccination/v2' } }))
        .to.throw(`The DIVOC namespace ${NAMESPACE} is mapped to vaccination/v2, not vaccination/v1.`);
      expect(() => createDivocIssuer({ profile: profile(), key, divocNamespaces: { [TEST_NAMESPACE]: 'vaccination/v1' } }))
        .to.throw(/testCertificate\/v1 is mapped to vaccination\/v1, not test-certificate\/v1/);
    });
  });

  it('should publish only the public key and serve the profile\'s namespaces', async () => {
    const country = countryKey('RSA', 'did:srilanka:moh');
    const issuer = createDivocIssuer({ profile: profile(), key: importDivocKey(country.material, 'test') });
    expect(issuer.publicKey).to.deep.equal({ id: 'did:srilanka:moh', type: 'RsaVerificationKey2018', publicKeyPem: country.app.publicKeyPem });
    for (const url of [NAMESPACE, TEST_NAMESPACE]) expect((await issuer.documentLoader(url)).document).to.have.property('@context');
  });
});

describe('DIVOC test certificates against DIVOC\'s own verifier', () => {
  for (const keyType of ['RSA', 'ED25519'] as const) {
    const key = countryKey(keyType, 'did:srilanka:moh');
    const app: DivocAppSettings = { ...key.app, namespace: NAMESPACE, namespaceV2: NAMESPACE_V2, testNamespace: TEST_NAMESPACE };
    const test = () => buildDivocTestCredential(mockTestResultRecord(), { profile: profile(), certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z' });

    describe('negative', () => {
      it(`rejects a ${keyType} test certificate whose result was changed`, async () => {
        const signed = await issueDivocCredential({ credential: test(), issuer: divocIssuer(key.material) });
        signed.evidence[0].result = 'Positive';
        expect((await divocAppVerify(app, JSON.stringify(signed))).verified).to.equal(false);
      });

      it('refuses a test certificate under a profile without a test namespace, naming kind', () => {
        const { testNamespaceUrl: _, ...vaccinationsOnly } = profile();
        expect(() => buildDivocTestCredential(mockTestResultRecord(), { profile: vaccinationsOnly, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z' }))
          .to.throw(/^kind: .*HEALTHCRED_DIVOC_TEST_NAMESPACE/);
      });
    });

    it(`should be verified by DIVOC's library configured with the test-certificate context (${keyType})`, async () => {
      const credential = test();
      expect(credential['@context']).to.deep.equal(['https://www.w3.org/2018/credentials/v1', TEST_NAMESPACE]);
      expect(credential.evidence[0]).to.include({ type: credential.evidence[0].type, result: 'Negative', sampleCollectionTimestamp: '2021-08-01T02:45:00.000Z' });
      const signed = await issueDivocCredential({ credential, issuer: divocIssuer(key.material) });
      const result = await divocAppVerify(app, JSON.stringify(signed));
      expect(result.verified, String((result as any).error?.errors?.[0] ?? (result as any).error)).to.equal(true);
    });
  }
});

describe('recordFromDivocCredential()', () => {
  describe('negative', () => {
    it('rejects a credential without one evidence entry or with a record that does not validate, naming the field', () => {
      const built: any = credential();
      expect(() => recordFromDivocCredential({ ...built, evidence: [] }, { dob: '1985-04-12' })).to.throw(/credential\.evidence/);
      built.evidence[0].dose = 0;
      expect(() => recordFromDivocCredential(built, { dob: '1985-04-12' })).to.throw(/record\.vaccination\.dose/);
    });
  });

  it('should give back a test record that builds the same test certificate again', () => {
    const options = { profile: profile(), certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00.123Z' };
    for (const record of [mockTestResultRecord(), { ...mockTestResultRecord(), test: { disease: 'COVID-19', testType: 'RT-PCR', sampleCollectionTimestamp: '2021-08-01T08:15:00Z', result: 'Positive' as const } }]) {
      const built = buildDivocTestCredential(record, options);
      const read = recordFromDivocCredential(built, { dob: record.recipient.dob });
      expect(read.kind).to.equal('test-result');
      expect(buildDivocTestCredential(read.record as typeof record, options)).to.deep.equal(built);
    }
  });

  for (const context of ['vaccination/v1', 'vaccination/v2'] as const) {
    for (const [name, record] of [['typical', mockVaccinationRecord()], ['maximal', maximalVaccinationRecord()],
      ['minimal', { ...mockVaccinationRecord(), verifier: undefined, recipient: { refId: 'R1', name: 'A', dob: '1990-01-01' } }]] as const) {
      it(`should give back a ${name} record that builds the same ${context} credential again`, () => {
        const options = { profile: profile(context), certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00.123Z' };
        const built = buildDivocVaccinationCredential(JSON.parse(JSON.stringify(record)), options);
        const read = recordFromDivocCredential(built, { dob: record.recipient.dob });
        expect(read.kind).to.equal('vaccination');
        expect(buildDivocVaccinationCredential(read.record as typeof record, options)).to.deep.equal(built);
      });
    }
  }
});

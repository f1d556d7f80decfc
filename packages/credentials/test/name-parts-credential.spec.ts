import { expect } from 'chai';
import {
  buildTestResultCredential, buildVaccinationCredential, issueCredential, readVcApiIssueRequest, recordFromCredential,
  trustEntryOf, verifyCredential, type Issuer,
} from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { createDocumentLoader } from '@healthcred/document-loader';
import type { Recipient, SignedHealthCredential } from '@healthcred/types';
import { buildOptions, FULL_FIELDS, ISSUER_URL, mockIssuer, mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';

const NAME_PARTS: Partial<Recipient> = {
  givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera',
};
const withParts = () => mockVaccinationRecord({ recipient: { ...mockVaccinationRecord().recipient, ...NAME_PARTS } });

describe('credentials of records with name parts', () => {
  let issuer: Issuer;
  before(() => {
    // The full form: these credentials are read back into records (a VC API caller's, a re-issue's), which need a refId.
    issuer = mockIssuer(undefined, undefined, FULL_FIELDS);
  });
  const verify = (credential: SignedHealthCredential) => verifyCredential({
    credential, documentLoader: createDocumentLoader({ contextBaseUrls: [ISSUER_URL] }), checkStatus: async () => 'valid',
    trustedIssuers: [trustEntryOf({ did: issuer.did, url: ISSUER_URL, didDocument: issuer.didDocument },
      { name: 'Ministry of Health', country: 'LK' })],
  });

  describe('negative', () => {
    it('rejects a v2 credential whose name part was changed after signing', async () => {
      const signed = await issueCredential({ credential: buildVaccinationCredential(withParts(), buildOptions(issuer)), issuer });
      const tampered = structuredClone(signed);
      tampered.credentialSubject.latinFamilyName = 'Pereira';
      const result = await verify(tampered);
      expect(result.verified).to.equal(false);
      expect(result.errors.map((e) => e.check)).to.deep.equal(['proof']);
    });

    it('rejects a credential that names its name parts under the v1 context, which does not define them', async () => {
      const credential = buildVaccinationCredential(withParts(), buildOptions(issuer));
      credential['@context'][1] = credential['@context'][1]!.replace(/\/v2$/, '/v1');
      let refused: unknown;
      try {
        await issueCredential({ credential, issuer });
      } catch (error) {
        refused = error;
      }
      expect(refused, 'jsonld safe mode refuses an undefined term').to.be.instanceOf(Error);
    });
  });

  describe('negative: W3C VC API issue requests', () => {
    it('rejects name parts under the v1 context, naming the v2 context expected', () => {
      const { issuanceDate: _date, ...credential } = buildVaccinationCredential(withParts(), buildOptions(issuer));
      credential['@context'][1] = credential['@context'][1]!.replace(/\/v2$/, '/v1');
      const read = () => readVcApiIssueRequest({ credential }, { did: issuer.did, url: ISSUER_URL });
      expect(read).to.throw(HealthcredError, `${ISSUER_URL}/credentials/vaccination/v2`)
        .with.property('field', 'credential.@context');
    });
  });

  it('should read a VC API issue request of a v2 credential into the record with its name parts', () => {
    const { issuanceDate: _date, ...credential } = buildVaccinationCredential(withParts(), buildOptions(issuer));
    const { healthRecord } = readVcApiIssueRequest({ credential }, { did: issuer.did, url: ISSUER_URL });
    expect(healthRecord.record.recipient).to.deep.include(NAME_PARTS);
  });

  it('should give a record without name parts the v1 credential of before, and one with them a v2 credential', () => {
    const options = buildOptions(issuer);
    const plain = buildVaccinationCredential(mockVaccinationRecord(), options);
    expect(plain['@context'][1]).to.equal(`${ISSUER_URL}/credentials/vaccination/v1`);
    expect(plain.credentialSubject).not.to.have.any.keys('givenName', 'familyName', 'latinGivenName', 'latinFamilyName');
    const split = buildVaccinationCredential(withParts(), options);
    expect(split['@context'][1]).to.equal(`${ISSUER_URL}/credentials/vaccination/v2`);
    expect(split.credentialSubject).to.include({ name: 'සුනිල් පෙරේරා', ...NAME_PARTS });
    const { credentialSubject: _a, '@context': _b, ...rest } = split;
    const { credentialSubject: _c, '@context': _d, ...plainRest } = plain;
    expect(rest).to.deep.equal(plainRest);
    const test = buildTestResultCredential(mockTestResultRecord({
      recipient: { ...mockTestResultRecord().recipient, familyName: 'Nguyễn', givenName: 'Thị Hương' } }), options);
    expect(test['@context'][1]).to.equal(`${ISSUER_URL}/credentials/test-result/v2`);
  });

  it('should sign and verify a v2 credential, and read its name parts back into the record', async () => {
    const signed = await issueCredential({ credential: buildVaccinationCredential(withParts(), buildOptions(issuer)), issuer });
    const result = await verify(signed);
    expect(result.errors).to.deep.equal([]);
    expect(result.verified).to.equal(true);
    expect(result.checks).to.include.members(['contexts', 'proof']);
    const read = recordFromCredential(signed);
    expect(read.kind).to.equal('vaccination');
    expect(read.record.recipient).to.deep.include(NAME_PARTS);
  });
});

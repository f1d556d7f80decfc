import { expect } from 'chai';
import { createDocumentLoader } from '@healthcred/document-loader';
import { createIssuer, derivedUrnUuid, issueCredential, trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { holderKeyOf, issueCertificates, reissueCertificate } from '@healthcred/issuance';
import { parseCertificationRequest, type CertificationRequest } from '@healthcred/records';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { statusEntryForPosition } from '@healthcred/status-list';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import type { SignedHealthCredential } from '@healthcred/types';
import { FULL_FIELDS, legacyVaccinationCredential, mockVaccinationRecord } from '@healthcred/testing';

const URL = 'https://certify.health.example';
const DID = 'did:web:certify.health.example';
const keys = generateIssuerKeySet({ did: DID });
const issuer = createIssuer({ keys, url: URL });
const trustedIssuers = [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })];
const documentLoader = createDocumentLoader({ contextBaseUrls: [URL], didDocuments: [issuer.didDocument] });

function dose(n: number): CertificationRequest {
  const record = mockVaccinationRecord();
  return { sourceKey: `dhis2:PQfMcpmXeFE:EV${n}:${n}`, kind: 'vaccination', record: { ...record, vaccination: { ...record.vaccination, dose: n } } };
}

const subjectOf = (credential: object) => (credential as SignedHealthCredential).credentialSubject;

describe('issuance of minimal credentials', () => {
  let store: CredentialStore;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('should issue the core data set by default, and keep a person\'s doses together in the store only', async () => {
    const [first, second] = await issueCertificates([dose(1), dose(2)], { store, issuer });
    for (const { certificate } of [first!, second!]) {
      expect(subjectOf(certificate.credential)).to.have.keys('id', 'type', 'name', 'dob');
      expect(JSON.stringify(certificate.credential)).to.not.contain('PQfMcpmXeFE');
      expect(await verifyCredential({ credential: certificate.credential, documentLoader, trustedIssuers })).to.include({ verified: true });
    }
    expect(subjectOf(first!.certificate.credential).id).to.not.equal(subjectOf(second!.certificate.credential).id);
    expect(first!.certificate.subjectId).to.equal(holderKeyOf(dose(1), issuer)).and.equal(second!.certificate.subjectId);
    expect((await store.findBySubject(first!.certificate.subjectId)).map((c) => c.certificateId))
      .to.have.members([first!.certificate.certificateId, second!.certificate.certificateId]);
  });

  it('should issue the optional fields a deployment configures', async () => {
    const full = createIssuer({ keys, url: URL, credentialFields: FULL_FIELDS });
    const [outcome] = await issueCertificates([dose(1)], { store, issuer: full });
    expect(subjectOf(outcome!.certificate.credential)).to.include({ refId: 'PQfMcpmXeFE', age: 36, gender: 'Male' });
  });

  it('should re-issue a minimal certificate and one issued before the minimal form, keeping the holder', async () => {
    const [minimal] = await issueCertificates([dose(1)], { store, issuer });
    const again = await reissueCertificate({ certificateId: minimal!.certificate.certificateId, reason: 'lost' }, { store, issuer });
    expect(again.certificate.subjectId).to.equal(minimal!.certificate.subjectId);
    expect(subjectOf(again.certificate.credential)).to.have.keys('id', 'type', 'name', 'dob');

    const record = mockVaccinationRecord();
    const options = { issuer, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z', credentialStatus: statusEntryForPosition(500, URL) };
    const legacy = await issueCredential({ credential: legacyVaccinationCredential(record, options), issuer });
    const holder = derivedUrnUuid(DID, 'person', 'PQfMcpmXeFE');
    expect(legacy.credentialSubject.id).to.equal(holder);
    await store.saveIssued({
      certificateId: '7K3M-9QXP-2RB4', credentialId: legacy.id, kind: 'vaccination', sourceKey: 'dhis2:PQfMcpmXeFE:OLD:2',
      contentHash: 'b'.repeat(64), subjectId: holder, dob: record.recipient.dob, issuedAt: legacy.issuanceDate,
      credential: legacy, statusListIndex: 500,
    });
    expect(await verifyCredential({ credential: legacy, documentLoader, trustedIssuers })).to.include({ verified: true });
    const reissued = await reissueCertificate({ certificateId: '7K3M-9QXP-2RB4', reason: 'minimal form' }, { store, issuer });
    expect(subjectOf(reissued.certificate.credential)).to.have.keys('id', 'type', 'name', 'dob');
    expect(reissued.certificate.subjectId).to.equal(holder).and.equal(minimal!.certificate.subjectId);
    expect(await store.findBySubject(holder)).to.have.length(4);
  });
});

describe('programme facts of issued certificates', () => {
  let store: CredentialStore;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('should keep the org unit, vaccine, dose, sex and age on the day of the dose, and carry them to a re-issue', async () => {
    const request = { ...dose(2), orgUnit: 'DiszpKrYNg8' };
    request.record.recipient.dob = '1985-06-16';
    const [outcome] = await issueCertificates([request], { store, issuer, now: () => new Date('2026-03-01T08:00:00Z') });
    const facts = { orgUnit: 'DiszpKrYNg8', vaccine: 'COVISHIELD', dose: 2, sex: 'Male', age: 35 };
    expect(outcome!.certificate.programme).to.deep.equal({ day: '2026-03-01', ...facts });
    const again = await reissueCertificate({ certificateId: outcome!.certificate.certificateId, reason: 'lost' },
      { store, issuer, now: () => new Date('2026-03-05T08:00:00Z') });
    expect(again.certificate.programme).to.deep.equal({ day: '2026-03-05', ...facts });
  });

  it('should read the org unit from a certification request\'s source, and refuse a malformed one', () => {
    const json = { sourceKey: 'dhis2:A:B:1', kind: 'vaccination', record: mockVaccinationRecord(), source: { orgUnit: 'DiszpKrYNg8' } };
    expect(parseCertificationRequest(json).orgUnit).to.equal('DiszpKrYNg8');
    expect(() => parseCertificationRequest({ ...json, source: { orgUnit: 'a b' } })).to.throw(/request\.source\.orgUnit/);
  });

  it('should refuse to re-issue an erased certificate', async () => {
    const [outcome] = await issueCertificates([dose(1)], { store, issuer });
    await store.eraseSubject(outcome!.certificate.certificateId);
    const error = await reissueCertificate({ certificateId: outcome!.certificate.certificateId, reason: 'x' }, { store, issuer })
      .then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property('code', 'conflict');
  });
});

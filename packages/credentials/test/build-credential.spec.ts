import { expect } from 'chai';
import {
  buildTestResultCredential, buildVaccinationCredential, CERTIFICATE_ID_PATTERN, derivedUrnUuid, generateCertificateId,
  normalizeCertificateId,
} from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { FULL_FIELDS, ISSUER_DID, ISSUER_URL, mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';

const issuer = { did: ISSUER_DID, url: ISSUER_URL };
const options = { issuer, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00.123Z' };
const full = { ...options, issuer: { ...issuer, credentialFields: FULL_FIELDS } };

describe('buildVaccinationCredential()', () => {
  it('should build a DIVOC-shaped ProofOfVaccinationCredential', () => {
    const credential = buildVaccinationCredential(mockVaccinationRecord(), options);
    expect(credential['@context']).to.deep.equal([
      'https://www.w3.org/2018/credentials/v1',
      'http://localhost:8080/credentials/vaccination/v1',
      'https://w3id.org/security/suites/ed25519-2020/v1',
    ]);
    expect(credential.type).to.deep.equal(['VerifiableCredential', 'ProofOfVaccinationCredential']);
    expect(credential.issuer).to.equal(ISSUER_DID);
    expect(credential.issuanceDate).to.equal('2026-01-15T10:00:00Z');
    expect(credential.nonTransferable).to.equal(true);
    expect(credential.credentialSubject).to.have.keys('id', 'type', 'name', 'dob');
    expect(credential.credentialSubject).to.include({ type: 'Person', name: 'සුනිල් පෙරේරා', dob: '1985-04-12' });
    const [evidence] = credential.evidence;
    expect(evidence).to.not.have.any.keys('verifier');
    expect(evidence).to.include({
      certificateId: '7K3M-9QXP-2RB4', vaccine: 'COVISHIELD', batch: '4121Z025', dose: 2, totalDoses: 2,
      date: '2021-06-15T09:30:00.000Z', effectiveStart: '2021-06-15', icd11Code: 'XM9QW8',
    });
    expect(evidence.type).to.deep.equal(['Vaccination']);
    expect(evidence.facility).to.deep.equal({ name: 'MOH Office Dehiwala', address: { district: 'Colombo', addressCountry: 'LK' } });
  });

  it('should be pure: the same inputs give the same credential', () => {
    expect(buildVaccinationCredential(mockVaccinationRecord(), options))
      .to.deep.equal(buildVaccinationCredential(mockVaccinationRecord(), options));
  });

  it('should carry no address, postal code, age, nationality, sex, registry id or health worker by default', () => {
    const text = JSON.stringify(buildVaccinationCredential(mockVaccinationRecord(), options));
    for (const value of ['PQfMcpmXeFE', '12 Galle Road', 'Western', 'Male', 'Sri Lankan', 'Dr. N. Fernando', '"age"']) {
      expect(text).to.not.contain(value);
    }
  });

  it('should carry the optional fields the issuer names, and only those', () => {
    const credential = buildVaccinationCredential(mockVaccinationRecord(), full);
    const record = mockVaccinationRecord();
    expect(credential.credentialSubject).to.include({ refId: 'PQfMcpmXeFE', gender: record.recipient.gender, age: record.recipient.age });
    expect(credential.credentialSubject.address).to.deep.equal(record.recipient.address);
    expect(credential.evidence[0].verifier).to.deep.equal(record.verifier);
    const some = buildVaccinationCredential(record, { ...options, issuer: { ...issuer, credentialFields: ['gender'] } });
    expect(some.credentialSubject).to.have.keys('id', 'type', 'name', 'dob', 'gender');
  });

  it('should give each certificate its own pseudonymous subject id, which no refId leads to', () => {
    const first = buildVaccinationCredential(mockVaccinationRecord(), full);
    const record = mockVaccinationRecord();
    record.vaccination.dose = 3;
    const booster = buildVaccinationCredential(record, { ...full, certificateId: 'AAAA-BBBB-CCCC' });
    expect(first.credentialSubject.id).to.match(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(booster.credentialSubject.id).to.not.equal(first.credentialSubject.id);
    expect(first.credentialSubject.id).to.not.contain('PQfMcpmXeFE');
    expect(first.credentialSubject.id).to.not.equal(derivedUrnUuid(ISSUER_DID, 'person', 'PQfMcpmXeFE'));
    expect(buildVaccinationCredential(mockVaccinationRecord(), options).credentialSubject.id).to.equal(first.credentialSubject.id);
  });

  it('should leave optional fields out rather than empty', () => {
    const record = mockVaccinationRecord();
    delete record.verifier;
    delete record.vaccination.icd11Code;
    const [evidence] = buildVaccinationCredential(record, options).evidence;
    expect(evidence).to.not.have.any.keys('verifier', 'icd11Code', 'effectiveUntil', 'infoUrl');
    expect(JSON.stringify(evidence)).to.not.contain('undefined');
  });

  it('should read a zone-less registry date as UTC and keep an explicit zone', () => {
    const record = mockVaccinationRecord();
    record.vaccination.date = '2021-06-15';
    expect(buildVaccinationCredential(record, options).evidence[0].date).to.equal('2021-06-15T00:00:00.000Z');
    record.vaccination.date = '2021-06-15T01:00:00+05:30';
    expect(buildVaccinationCredential(record, options).evidence[0].date).to.equal('2021-06-14T19:30:00.000Z');
  });

  it('should carry an expiry and a status entry when given', () => {
    const credentialStatus = {
      id: `${ISSUER_URL}/status/1#42`, type: 'BitstringStatusListEntry' as const, statusPurpose: 'revocation' as const,
      statusListIndex: '42', statusListCredential: `${ISSUER_URL}/status/1`,
    };
    const credential = buildVaccinationCredential(mockVaccinationRecord(), {
      ...options, expiresAt: '2027-01-01T00:00:00Z', credentialStatus,
    });
    expect(credential.expirationDate).to.equal('2027-01-01T00:00:00Z');
    expect(credential.credentialStatus).to.deep.equal(credentialStatus);
  });

  describe('negative', () => {
    it('rejects a malformed certificate id', () => {
      expect(() => buildVaccinationCredential(mockVaccinationRecord(), { ...options, certificateId: '1234' }))
        .to.throw(HealthcredError, /certificateId/);
    });

    it('rejects an issuance time that is not a date', () => {
      expect(() => buildVaccinationCredential(mockVaccinationRecord(), { ...options, issuedAt: 'now' }))
        .to.throw(HealthcredError, /issuedAt/);
    });
  });
});

describe('buildTestResultCredential()', () => {
  it('should build a ProofOfTestCertificateCredential with UTC timestamps', () => {
    const credential = buildTestResultCredential(mockTestResultRecord(), options);
    expect(credential.type).to.deep.equal(['VerifiableCredential', 'ProofOfTestCertificateCredential']);
    expect(credential['@context'][1]).to.equal('http://localhost:8080/credentials/test-result/v1');
    expect(credential.evidence[0]).to.include({
      result: 'Negative', testType: 'RT-PCR', sampleCollectionTimestamp: '2021-08-01T02:45:00.000Z',
    });
  });
});

describe('generateCertificateId()', () => {
  it('should make ids of the documented shape that differ', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => generateCertificateId()));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(CERTIFICATE_ID_PATTERN);
  });

  it('should be driven by its random source', () => {
    expect(generateCertificateId((n) => new Uint8Array(n))).to.equal('0000-0000-0000');
    expect(generateCertificateId((n) => new Uint8Array(n).fill(255))).to.equal('ZZZZ-ZZZZ-ZZZZ');
  });
});

describe('normalizeCertificateId()', () => {
  it('should forgive case, spaces, missing dashes and look-alike letters', () => {
    expect(normalizeCertificateId(' 7k3m 9qxp 2rb4 ')).to.equal('7K3M-9QXP-2RB4');
    expect(normalizeCertificateId('IL0O-AAAA-BBBB')).to.equal('1100-AAAA-BBBB');
  });

  it('rejects what cannot be an id', () => {
    expect(normalizeCertificateId('7K3M-9QXP')).to.equal(undefined);
    expect(normalizeCertificateId('7K3M-9QXP-2RBU')).to.equal(undefined);
  });
});

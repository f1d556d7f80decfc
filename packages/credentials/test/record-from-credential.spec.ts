import { expect } from 'chai';
import {
  buildTestResultCredential, buildVaccinationCredential, createIssuer, issueCredential, recordFromCredential,
  type BuildCredentialOptions,
} from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import type { HealthCredential, TestResultRecord, VaccinationRecord } from '@healthcred/types';
import { FULL_FIELDS, ISSUER_DID, ISSUER_URL, mockIssuer, mockTestResultRecord, mockVaccinationRecord, UNICODE_NAMES } from '@healthcred/testing';

const STATUS = {
  id: 'http://localhost:8080/status/1#42', type: 'BitstringStatusListEntry' as const, statusPurpose: 'revocation' as const,
  statusListIndex: '42', statusListCredential: 'http://localhost:8080/status/1',
};

function options(extra: Partial<BuildCredentialOptions> = {}): BuildCredentialOptions {
  return { issuer: { did: ISSUER_DID, url: ISSUER_URL, credentialFields: FULL_FIELDS }, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z', ...extra };
}

/** Building again from the record read back, with the credential's own options, gives the same credential. */
function expectRoundTrip(credential: HealthCredential, build: BuildCredentialOptions): void {
  const read = recordFromCredential(credential);
  const rebuilt = read.kind === 'vaccination'
    ? buildVaccinationCredential(read.record, build)
    : buildTestResultCredential(read.record, build);
  expect(rebuilt).to.deep.equal(credential);
}

const vaccinations: Record<string, () => VaccinationRecord> = {
  'the full fixture (Sinhala name, address, verifier)': () => mockVaccinationRecord(),
  'a minimal record (no optional field)': () => {
    const { recipient, vaccination, facility } = mockVaccinationRecord();
    const { icd11Code: _i, prophylaxis: _p, ...required } = vaccination;
    return { recipient: { refId: recipient.refId, name: recipient.name, dob: recipient.dob }, vaccination: required, facility };
  },
  'a date-only dose with protection dates': () => mockVaccinationRecord({
    vaccination: { ...mockVaccinationRecord().vaccination, date: '2021-06-15', effectiveStart: '2021-06-29', effectiveUntil: '2022-06-29' },
  }),
  ...Object.fromEntries(Object.entries(UNICODE_NAMES).map(([script, name]) => [`a ${script} name`, () => mockVaccinationRecord({
    recipient: { ...mockVaccinationRecord().recipient, name },
  })])),
};

const tests: Record<string, () => TestResultRecord> = {
  'the full test fixture (Vietnamese name, time zones)': () => mockTestResultRecord(),
  'a positive rapid antigen test without optional fields': () => {
    const { test, ...rest } = mockTestResultRecord();
    return { ...rest, test: { disease: test.disease, testType: 'Rapid antigen', sampleCollectionTimestamp: test.sampleCollectionTimestamp, result: 'Positive' } };
  },
  'an inconclusive test with a verifier and a Tamil name': () => mockTestResultRecord({
    recipient: { refId: 'x1', name: UNICODE_NAMES.tamil, dob: '1970-01-01', age: 51, nationality: 'Sri Lankan' },
    verifier: { name: 'Dr. K. Rajan' },
    test: { ...mockTestResultRecord().test, result: 'Inconclusive' },
  }),
};

describe('recordFromCredential()', () => {
  for (const [name, record] of Object.entries(vaccinations)) {
    it(`should give back a vaccination record that builds the same credential: ${name}`, () => {
      const build = options({ infoUrl: 'https://example.org/info', credentialStatus: STATUS });
      const credential = buildVaccinationCredential(record(), build);
      expectRoundTrip(credential, build);
      expect(recordFromCredential(credential).kind).to.equal('vaccination');
    });
  }

  for (const [name, record] of Object.entries(tests)) {
    it(`should give back a test-result record that builds the same credential: ${name}`, () => {
      const build = options({ expiresAt: '2026-01-18T10:00:00Z', feedbackUrl: 'https://example.org/feedback' });
      const credential = buildTestResultCredential(record(), build);
      expectRoundTrip(credential, build);
      expect(recordFromCredential(credential).kind).to.equal('test-result');
    });
  }

  it('should read a minimal credential with the refId it is given, and rebuild it', () => {
    const build = options({ issuer: { did: ISSUER_DID, url: ISSUER_URL }, credentialStatus: STATUS });
    const credential = buildVaccinationCredential(mockVaccinationRecord(), build);
    expect(() => recordFromCredential(credential)).to.throw(HealthcredError, /record\.recipient\.refId/);
    const read = recordFromCredential(credential, { refId: 'stand-in' });
    expect((read.record as VaccinationRecord).recipient).to.deep.equal({ refId: 'stand-in', name: 'සුනිල් පෙරේරා', dob: '1985-04-12' });
    expect(buildVaccinationCredential(read.record as VaccinationRecord, build)).to.deep.equal(credential);
  });

  it('should give back the expiry as expiresAt, which builds the same credential, and none without one', () => {
    const expiring = buildVaccinationCredential(mockVaccinationRecord(), options({ expiresAt: '2030-01-01T00:00:00.000+01:00' }));
    const read = recordFromCredential(expiring);
    expect(read.expiresAt).to.equal('2029-12-31T23:00:00Z');
    expect(buildVaccinationCredential(read.record as VaccinationRecord, options({ expiresAt: read.expiresAt }))).to.deep.equal(expiring);
    expect(recordFromCredential(buildVaccinationCredential(mockVaccinationRecord(), options()))).not.to.have.property('expiresAt');
  });

  it('should keep the refId a credential has over the one it is given', () => {
    const read = recordFromCredential(buildVaccinationCredential(mockVaccinationRecord(), options()), { refId: 'stand-in' });
    expect(read.record.recipient.refId).to.equal('PQfMcpmXeFE');
  });

  it('should keep the values as written, with dates as UTC date-times', () => {
    const read = recordFromCredential(buildVaccinationCredential(mockVaccinationRecord(), options()));
    expect(read.kind).to.equal('vaccination');
    const { record } = read as { record: VaccinationRecord };
    expect(record.recipient).to.deep.equal(mockVaccinationRecord().recipient);
    expect(record.vaccination).to.deep.equal({
      ...mockVaccinationRecord().vaccination, date: '2021-06-15T09:30:00.000Z', effectiveStart: '2021-06-15',
    });
  });

  it('should read a signed credential, ignoring its proof', async () => {
    const issuer = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url: ISSUER_URL, credentialFields: FULL_FIELDS });
    const build = { issuer, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z' };
    const signed = await issueCredential({ credential: buildVaccinationCredential(mockVaccinationRecord(), build), issuer });
    const { proof: _proof, ...unsigned } = signed;
    expectRoundTrip(unsigned as HealthCredential, build);
  });

  describe('negative', () => {
    const credential = () => buildVaccinationCredential(mockVaccinationRecord(), options()) as unknown as Record<string, any>;
    const expectInvalid = (value: unknown, message: RegExp) => {
      expect(() => recordFromCredential(value)).to.throw(HealthcredError, message)
        .with.property('code', 'invalid_input');
    };

    it('rejects what is not a healthcred credential', () => {
      expectInvalid('text', /credential: must be an object/);
      expectInvalid({ ...credential(), type: ['VerifiableCredential'] }, /credential\.type: must include/);
    });

    it('rejects a credential without exactly one evidence entry', () => {
      expectInvalid({ ...credential(), evidence: [] }, /credential\.evidence: must hold exactly one/);
      expectInvalid({ ...credential(), evidence: 'x' }, /credential\.evidence/);
    });

    it('rejects an expirationDate that is not a date-time', () => {
      for (const expirationDate of ['soon', 20300101, null]) {
        expectInvalid({ ...credential(), expirationDate }, /credential\.expirationDate: must be an ISO 8601 date-time/);
      }
    });

    it('names the record field of malformed content, without personal data', () => {
      const bad = credential();
      bad.evidence[0].dose = 0;
      expectInvalid(bad, /record\.vaccination\.dose/);
      const unknownField = credential();
      unknownField.credentialSubject.nationalId = '851234567V';
      expect(() => recordFromCredential(unknownField)).to.throw(/record\.recipient/).that.does.not.match(/851234567V/);
      const noSubject = credential();
      delete noSubject.credentialSubject;
      expectInvalid(noSubject, /credential\.credentialSubject: must be an object/);
    });
  });
});

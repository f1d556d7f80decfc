import { expect } from 'chai';
import { buildVaccinationCredential, readVcApiIssueRequest, recordFromCredential, toVc2Credential } from '@healthcred/credentials';
import { recordHash } from '@healthcred/records';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { FULL_FIELDS, ISSUER_DID, ISSUER_URL, mockVaccinationRecord } from '@healthcred/testing';

const ISSUER = { did: ISSUER_DID, url: ISSUER_URL };

/** The builders' unsigned credential, without the issuance date a caller need not send. */
function unsigned(): Record<string, unknown> {
  const { issuanceDate: _date, ...credential } = buildVaccinationCredential(mockVaccinationRecord(), {
    issuer: { ...ISSUER, credentialFields: FULL_FIELDS }, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z',
  });
  return credential;
}

const NOW = new Date('2026-02-01T00:00:00Z');

function refusal(json: unknown, issuer: Parameters<typeof readVcApiIssueRequest>[1] = ISSUER): HealthcredError {
  try {
    readVcApiIssueRequest(json, issuer, NOW);
  } catch (error) {
    if (error instanceof HealthcredError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readVcApiIssueRequest()', () => {
  describe('negative', () => {
    it('rejects a body that is not an object, and a body without credential', () => {
      expect(refusal([]).message).to.equal('request: must be a JSON object {"credential": {...}, "options": {...}}.');
      expect(refusal({ options: {} }).field).to.equal('credential');
    });

    it('rejects contexts out of order, naming the expected ones', () => {
      const credential = unsigned();
      credential['@context'] = [...(credential['@context'] as string[])].reverse();
      const error = refusal({ credential });
      expect(error.field).to.equal('credential.@context');
      expect(error.message).to.contain(`"${VC_V1_CONTEXT}", "${ISSUER_URL}/credentials/vaccination/v1"`);
    });

    it('rejects the optional contexts out of order or twice, and takes them in the order the issuer writes them', () => {
      const [vc, own] = unsigned()['@context'] as string[];
      const statusList = 'https://w3id.org/vc/status-list/2021/v1';
      const suite = 'https://w3id.org/security/suites/ed25519-2020/v1';
      for (const extra of [[suite, statusList], [statusList, statusList], [suite, suite], ['https://example.com/x']]) {
        expect(refusal({ credential: { ...unsigned(), '@context': [vc, own, ...extra] } }).field, extra.join(' ')).to.equal('credential.@context');
      }
      for (const extra of [[], [statusList], [suite], [statusList, suite]]) {
        expect(readVcApiIssueRequest({ credential: { ...unsigned(), '@context': [vc, own, ...extra] } }, ISSUER, NOW).healthRecord.kind)
          .to.equal('vaccination');
      }
    });

    it('rejects a healthcred type given twice or with a third type', () => {
      for (const type of [['VerifiableCredential', 'ProofOfVaccinationCredential', 'Extra'], ['ProofOfVaccinationCredential']]) {
        expect(refusal({ credential: { ...unsigned(), type } }).field).to.equal('credential.type');
      }
    });

    it('rejects an expirationDate that is not a date-time, not after issuanceDate, or already past', () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ expirationDate: 'next year' }, 'must be an ISO 8601 date-time'],
        [{ expirationDate: 1893456000 }, 'must be a string'],
        [{ issuanceDate: '2027-01-01T00:00:00Z', expirationDate: '2026-12-31T23:59:59Z' }, 'must be after credential.issuanceDate'],
        [{ issuanceDate: '2027-01-01T00:00:00Z', expirationDate: '2027-01-01T00:00:00Z' }, 'must be after credential.issuanceDate'],
        [{ expirationDate: '2026-01-31T23:59:59Z' }, 'must be in the future'],
      ];
      for (const [members, message] of cases) {
        const error = refusal({ credential: { ...unsigned(), ...members } });
        expect(error.field, message).to.equal('credential.expirationDate');
        expect(error.message, message).to.contain(message);
      }
    });

    it('rejects an issuer object with more than its id', () => {
      expect(refusal({ credential: { ...unsigned(), issuer: { id: ISSUER_DID, name: 'x' } } }).field).to.equal('credential.issuer.name');
    });
  });

  it('should read the record the credential was built from, with an issuer given as an object', () => {
    const credential = { ...unsigned(), issuer: { id: ISSUER_DID } };
    const read = readVcApiIssueRequest({ credential, options: {} }, ISSUER);
    expect(read.healthRecord).to.deep.equal(recordFromCredential(unsigned()));
  });

  it('should read expirationDate as the record\'s expiresAt (UTC, seconds), which keys an id-less request apart', () => {
    const { id: _id, ...idless } = unsigned();
    const read = readVcApiIssueRequest({ credential: { ...idless, expirationDate: '2030-06-01T12:00:00.5+02:00' } }, ISSUER, NOW);
    expect(read.healthRecord.expiresAt).to.equal('2030-06-01T10:00:00Z');
    expect(read.requestKey).not.to.equal(readVcApiIssueRequest({ credential: idless }, ISSUER, NOW).requestKey);
    expect(readVcApiIssueRequest({ credential: idless }, ISSUER, NOW).healthRecord).not.to.have.property('expiresAt');
  });

  it('should key the request by options.credentialId, else credential.id, else the record hash', () => {
    const credential = unsigned();
    expect(readVcApiIssueRequest({ credential, options: { credentialId: 'portal/1' } }, ISSUER).requestKey).to.equal('portal/1');
    expect(readVcApiIssueRequest({ credential }, ISSUER).requestKey).to.equal(credential.id);
    const { id: _id, ...idless } = credential;
    const read = readVcApiIssueRequest({ credential: idless }, ISSUER);
    expect(read.requestKey).to.equal(`sha256:${recordHash(read.healthRecord)}`);
  });

  describe('the VC 2.0 form', () => {
    const VC2_ISSUER = { ...ISSUER, dataModel: 'vc2' as const };
    /** The builders' unsigned credential in its VC 2.0 form, without the `validFrom` a caller need not send. */
    function unsignedVc2(members: Record<string, unknown> = {}): Record<string, unknown> {
      const { validFrom: _from, ...credential } = toVc2Credential(unsigned() as any, ISSUER_URL) as Record<string, unknown>;
      return { ...credential, ...members };
    }
    it('is refused by an issuer of VC 1.1 credentials, naming the contexts it takes', () => {
      const error = refusal({ credential: unsignedVc2() }, ISSUER);
      expect(error.field).to.equal('credential.@context');
      expect(error.message).to.contain('this issuer issues VC 1.1 credentials');
    });

    it('refuses VC 1.1 date members, other contexts and a validUntil not after validFrom', () => {
      expect(refusal({ credential: unsignedVc2({ issuanceDate: '2026-01-15T10:00:00Z' }) }, VC2_ISSUER).message)
        .to.contain('issuanceDate');
      const v2 = unsignedVc2({ '@context': [VC_V2_CONTEXT, `${ISSUER_URL}/credentials/vaccination/v2`] });
      expect(refusal({ credential: v2 }, VC2_ISSUER).message).to.contain(`${ISSUER_URL}/credentials/vaccination/v3`);
      const backwards = unsignedVc2({ validFrom: '2027-01-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z' });
      expect(refusal({ credential: backwards }, VC2_ISSUER).message).to.contain('must be after credential.validFrom');
      expect(refusal({ credential: unsignedVc2({ validUntil: '2026-01-31T00:00:00Z' }) }, VC2_ISSUER).field)
        .to.equal('credential.validUntil');
    });

    it('should read the same record as the VC 1.1 form, with validUntil as its expiresAt', () => {
      const vc1 = readVcApiIssueRequest({ credential: unsigned() }, ISSUER, NOW);
      const vc2 = readVcApiIssueRequest({ credential: unsignedVc2({ validUntil: '2027-06-30T12:00:00.000Z' }) }, VC2_ISSUER, NOW);
      expect(vc2.healthRecord.record).to.deep.equal(vc1.healthRecord.record);
      expect(vc2.healthRecord.expiresAt).to.equal('2027-06-30T12:00:00Z');
    });
  });
});

import { expect } from 'chai';
import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { assertFitsQrCode, divocPayloadBytes, issueCertificate, QR_CAPACITY_BYTES, reissueCertificate } from '@healthcred/issuance';
import { type CertificationRequest } from '@healthcred/records';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeDivocQr, qrInfo } from '@healthcred/qr';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import type { SignedHealthCredential, VaccinationRecord } from '@healthcred/types';
import {
  incompressibleText, maximalVaccinationRecord, mockVaccinationRecord,
} from '@healthcred/testing';

const issuer = createIssuer({
  keys: generateIssuerKeySet({ did: 'did:web:certificates.health.gov.lk' }), url: 'https://certificates.health.gov.lk',
});

/** The mock record with `length` incompressible characters spread over the facility's address lines. */
function paddedRecord(length: number): VaccinationRecord {
  const record = mockVaccinationRecord();
  const lines = ['streetAddress', 'streetAddress2', 'district', 'city', 'addressRegion'] as const;
  lines.forEach((line, i) => {
    const part = Math.min(500, Math.max(0, length - i * 500));
    if (part > 0) record.facility.address[line] = incompressibleText(part, i + 7);
  });
  return record;
}

const request = (record: VaccinationRecord, n = 1): CertificationRequest => ({ sourceKey: `test:${n}`, kind: 'vaccination', record });

describe('QR capacity of issued certificates', () => {
  let store: CredentialStore;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  describe('negative', () => {
    it('refuses a record with every field at its maximum length before reserving or signing, naming the longest fields', async () => {
      const error = await issueCertificate(request(maximalVaccinationRecord()), { store, issuer }).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(HealthcredError);
      expect((error as HealthcredError).code).to.equal('invalid_input');
      expect((error as HealthcredError).field).to.equal('record');
      expect((error as Error).message).to.match(new RegExp('^record: the certificate would not fit in a QR code: about \\d+ bytes '
        + `where one holds ${QR_CAPACITY_BYTES} at error correction M; shorten the longest fields: `
        + 'record\\.recipient\\.address\\.streetAddress \\(500 bytes\\), record\\.recipient\\.address\\.streetAddress2 \\(500 bytes\\), '
        + 'record\\.recipient\\.address\\.district \\(500 bytes\\)\\.$'));
      expect(await store.count()).to.equal(0);
      expect(await store.reserveStatusPositions(1)).to.equal(0);
    });

    it('refuses to re-issue a stored certificate that could never be printed, leaving it as it was', async () => {
      const record = maximalVaccinationRecord();
      const credential = await issueCredential({
        credential: buildVaccinationCredential(record, { issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString() }),
        issuer,
      });
      const stored = await store.saveIssued({
        certificateId: credential.evidence[0]!.certificateId, credentialId: credential.id, kind: 'vaccination', sourceKey: 'legacy:1',
        contentHash: 'a'.repeat(64), subjectId: credential.credentialSubject.id, dob: record.recipient.dob,
        issuedAt: credential.issuanceDate, credential,
      });
      const error = await reissueCertificate({ certificateId: stored.certificate.certificateId, reason: 'key rotation' }, { store, issuer })
        .then(() => undefined, (e: unknown) => e as HealthcredError);
      expect(error?.message).to.match(/^record: the certificate would not fit in a QR code/);
      expect((await store.findByCertificateId(stored.certificate.certificateId))?.status).to.equal('issued');
    });
  });

  it('issues the largest record that fits, and its QR code renders at error correction M; the estimate is never short', async () => {
    let length = 0;
    // Each issue draws another certificate id, which may compress a few bytes longer than the one measured here.
    const slack = 8;
    while (divocPayloadBytes(request(paddedRecord(length + 25)), { issuer, now: new Date() }) + slack <= QR_CAPACITY_BYTES) length += 25;
    for (const [n, size] of [[1, 0], [2, 600], [3, Math.floor(length / 2)], [4, length]] as const) {
      const saved = await issueCertificate(request(paddedRecord(size), n), { store, issuer });
      const payload = encodeDivocQr(saved.certificate.credential as SignedHealthCredential);
      expect(divocPayloadBytes(request(paddedRecord(size), n), { issuer, now: new Date() }), `estimate at ${size}`)
        .to.be.at.least(payload.length);
      expect(qrInfo(payload, { ecc: 'M' }).version).to.be.at.most(40);
    }
    expect(length, 'room for 1,500 incompressible characters beyond the mock record').to.be.greaterThan(1500);
    await issueCertificate(request(paddedRecord(length + 100), 5), { store, issuer }).then(
      () => expect.fail('issued a certificate that does not fit in a QR code'),
      (error: HealthcredError) => expect(error.field).to.equal('record'));
  });

  it('accepts exactly the records whose compressed estimate fits, also those it accepts without compressing', () => {
    const now = new Date();
    let accepted = 0;
    for (let size = 0; size <= 2600; size += 37) {
      const bytes = divocPayloadBytes(request(paddedRecord(size)), { issuer, now });
      // Another certificate id may compress a byte longer or shorter: too close to the capacity to say.
      if (Math.abs(bytes - QR_CAPACITY_BYTES) <= 2) continue;
      const fits = (() => {
        try {
          assertFitsQrCode(request(paddedRecord(size)), { issuer, now });
          return true;
        } catch {
          return false;
        }
      })();
      expect(fits, `padding ${size}: about ${bytes} bytes`).to.equal(bytes <= QR_CAPACITY_BYTES);
      if (fits) accepted++;
    }
    expect(accepted, 'records on both sides of the capacity').to.be.within(10, 60);
  });
});

import { expect } from 'chai';
import type { CertificateStore } from '@healthcred/store';
import { mockCertificate } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';

/** Batch saves and re-issues of the CertificateStore. With `shared`, concurrent batches use two connections. */
export function certificateBatchContract(current: CurrentHarness, shared: boolean): void {
  const store = (): CertificateStore => current().store;

  describe('saveIssuedMany()', () => {
    it('should save in order, as one save after another: insert, duplicate, then a correction in the same batch', async () => {
      const original = mockCertificate(1);
      const correction = mockCertificate(1, { contentHash: 'c'.repeat(64) });
      const results = await store().saveIssuedMany([original, mockCertificate(2), original, correction]);
      expect(results.map((r) => r.outcome)).to.deep.equal(['inserted', 'inserted', 'duplicate', 'superseded']);
      expect(await store().count({ status: 'issued' })).to.equal(2);
      expect((await store().findByCertificateId(original.certificateId))?.supersededBy).to.equal(correction.certificateId);
    });

    it('should give each certificate of a large batch its outcome, some keys current already, one a correction', async () => {
      const existing = Array.from({ length: 40 }, (_, i) => mockCertificate(i));
      await store().saveIssuedMany(existing);
      const correction = mockCertificate(7, { contentHash: 'c'.repeat(64) });
      const batch = [...existing.slice(0, 20), correction, ...Array.from({ length: 130 }, (_, i) => mockCertificate(100 + i))];
      const results = await store().saveIssuedMany(batch);
      expect(results.map((r) => r.outcome)).to.deep.equal([...Array(20).fill('duplicate'), 'superseded', ...Array(130).fill('inserted')]);
      expect(results.map((r) => r.certificate.certificateId)).to.deep.equal(
        [...existing.slice(0, 20), correction, ...batch.slice(21)].map((c) => c.certificateId));
      expect(await store().count({ status: 'issued' })).to.equal(170);
      expect((await store().findCurrentBySourceKey(correction.sourceKey))?.certificateId).to.equal(correction.certificateId);
    });

    it('should insert each key once when two connections save the same batch at the same time', async () => {
      const stores = [store(), shared ? await current().connectAgain!() : store()];
      const batch = Array.from({ length: 60 }, (_, i) => mockCertificate(i));
      const results = await Promise.all(stores.map((s, k) =>
        s.saveIssuedMany(batch.map((c) => ({ ...c, certificateId: `${c.certificateId}-${k}`, credentialId: `${c.credentialId}-${k}` })))));
      for (let i = 0; i < batch.length; i += 1) {
        expect(results.map((r) => r[i]!.outcome).sort(), `key ${i}`).to.deep.equal(['duplicate', 'inserted']);
      }
      expect(await store().count()).to.equal(60);
    });

    it('rejects a batch with a used certificateId with conflict, saving none from that certificate on', async () => {
      const first = await store().saveIssued(mockCertificate(1));
      const clash = mockCertificate(3, { certificateId: first.certificate.certificateId });
      const error = await store().saveIssuedMany([mockCertificate(2), clash, mockCertificate(4)]).catch((e: Error) => e);
      expect(error).to.include({ code: 'conflict' });
      expect(await store().findCurrentBySourceKey(clash.sourceKey)).to.equal(undefined);
      expect(await store().findCurrentBySourceKey(mockCertificate(4).sourceKey)).to.equal(undefined);
    });

    it('should accept an empty batch and refuse a malformed certificate, naming the field', async () => {
      expect(await store().saveIssuedMany([])).to.deep.equal([]);
      const error = await store().saveIssuedMany([mockCertificate(1), { ...mockCertificate(2), dob: '12/04/1985' }])
        .catch((e: Error) => e);
      expect(error).to.be.instanceOf(TypeError).with.property('message').that.includes('"dob"');
      expect(await store().count()).to.equal(0);
    });
  });

  describe('saveReissued()', () => {
    it('should replace the current certificate by its re-issue, atomically, keeping source key and hash', async () => {
      const original = await store().saveIssued(mockCertificate(1, { statusListIndex: 1 }));
      const reissue = mockCertificate(1, { statusListIndex: 2 });
      const result = await store().saveReissued(original.certificate.certificateId, reissue, 're-issued: new key');
      expect(result.outcome).to.equal('superseded');
      expect(result.certificate).to.include({ certificateId: reissue.certificateId, supersedes: original.certificate.certificateId, status: 'issued' });
      expect(await store().findByCertificateId(original.certificate.certificateId)).to.deep.equal(result.previous);
      expect(result.previous).to.include({ status: 'revoked', statusReason: 're-issued: new key', supersededBy: reissue.certificateId });
      expect((await store().findCurrentBySourceKey(reissue.sourceKey))?.certificateId).to.equal(reissue.certificateId);
      expect((await store().saveIssued(mockCertificate(1))).outcome, 'a replay of the source is a duplicate of the re-issue').to.equal('duplicate');
    });

    it('refuses to re-issue a superseded or unknown certificate, or under another source key', async () => {
      const original = await store().saveIssued(mockCertificate(1));
      await store().saveReissued(original.certificate.certificateId, mockCertificate(1), 'first re-issue');
      const again = await store().saveReissued(original.certificate.certificateId, mockCertificate(1), 'second').catch((e: Error) => e);
      expect(again).to.have.property('code', 'conflict');
      const other = await store().saveReissued((await store().findCurrentBySourceKey(mockCertificate(1).sourceKey))!.certificateId,
        mockCertificate(2), 'wrong source').catch((e: Error) => e);
      expect(other).to.have.property('code', 'conflict');
      expect(await store().saveReissued('NOPE', mockCertificate(1), 'unknown').catch((e: Error) => e)).to.have.property('code', 'not_found');
      expect(await store().count()).to.equal(2);
    });
  });
}

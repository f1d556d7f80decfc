import { expect } from 'chai';
import type { CredentialStore } from '@healthcred/store';
import { mockCertificate } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';

const minuteFromNow = () => new Date(Date.now() + 60_000);

/**
 * The rest of the contract: batch saves, status-list positions, attempt windows (rate limits) and the audit log.
 * With `shared`, counters must hold across two connections to the same data.
 */
export function ledgerContract(current: CurrentHarness, shared: boolean): void {
  const store = (): CredentialStore => current().store;

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

    it('should read the current certificates of many keys asked at once, each its own', async () => {
      const saved = Array.from({ length: 30 }, (_, i) => mockCertificate(i));
      await store().saveIssuedMany(saved);
      const keys = [...saved.map((c) => c.sourceKey), 'dhis2:unknown', saved[3]!.sourceKey];
      const found = await Promise.all(keys.map((key) => store().findCurrentBySourceKey(key)));
      expect(found.map((c) => c?.certificateId)).to.deep.equal([...saved.map((c) => c.certificateId), undefined, saved[3]!.certificateId]);
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

  describe('status positions', () => {
    it('should hand out consecutive positions that are never handed out twice', async () => {
      expect(await store().reserveStatusPositions(0)).to.equal(0);
      const first = await store().reserveStatusPositions(3);
      expect(first).to.equal(0);
      expect(await store().reserveStatusPositions(0)).to.equal(3);
      const second = await store().reserveStatusPositions(1);
      expect(second).to.equal(first + 3);
      expect(await store().reserveStatusPositions(100)).to.equal(second + 1);
    });

    it('should serve first reservations made at the same time (concurrent first upserts of the counter)', async () => {
      const reservations = await Promise.all(Array.from({ length: 8 }, () => store().reserveStatusPositions(5)));
      expect(reservations).to.have.length(8);
      expect(await store().reserveStatusPositions(0)).to.be.greaterThan(0);
    });

    if (shared) {
      it('should not reuse positions across connections reserving at the same time', async () => {
        const other = await current().connectAgain!();
        try {
          const reservations = await Promise.all(Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? other : store()).reserveStatusPositions(5)));
          const positions = reservations.flatMap((start) => [0, 1, 2, 3, 4].map((k) => start + k));
          expect(new Set(positions).size).to.equal(100);
        } finally {
          await other.close();
        }
      });
    }

    it('should list the positions of certificates in the asked states within the range', async () => {
      for (const [n, position] of [[1, 10], [2, 11], [3, 12], [4, 200]] as const) {
        await store().saveIssued(mockCertificate(n, { statusListIndex: position }));
      }
      const [a, , c, d] = await store().list({ limit: 10 });
      await store().setStatus(a!.certificateId, 'revoked', 'issued in error');
      await store().setStatus(c!.certificateId, 'suspended', 'under review');
      await store().setStatus(d!.certificateId, 'revoked', 'issued in error');
      const positionOf = async (id: string) => (await store().findByCertificateId(id))!.statusListIndex!;
      const revoked = [await positionOf(a!.certificateId)];
      expect(await store().listStatusPositions({ from: 0, to: 100, statuses: ['revoked'] })).to.deep.equal(revoked);
      expect(await store().listStatusPositions({ from: 0, to: 1000, statuses: ['revoked', 'suspended'] }))
        .to.deep.equal([...revoked, await positionOf(c!.certificateId), 200].sort((x, y) => x - y));
      expect(await store().listStatusPositions({ from: 201, to: 300, statuses: ['revoked'] })).to.deep.equal([]);
    });

    it('should refuse malformed ranges and counts', async () => {
      for (const bad of [() => store().reserveStatusPositions(-1), () => store().reserveStatusPositions(1.5),
        () => store().listStatusPositions({ from: 5, to: 4, statuses: ['revoked'] }),
        () => store().listStatusPositions({ from: 0, to: 2_000_000, statuses: ['revoked'] }),
        () => store().listStatusPositions({ from: 0, to: 10, statuses: ['gone' as 'revoked'] })]) {
        expect(await bad().catch((e: Error) => e)).to.be.instanceOf(TypeError);
      }
    });
  });

  describe('attempt windows', () => {
    it('should count attempts per key and window, starting at 1', async () => {
      const window = { key: 'download:client-a', window: '2026-11-23T10:00' };
      expect(await store().countAttempts(window)).to.equal(0);
      expect(await store().addAttempt({ ...window, expiresAt: minuteFromNow() })).to.equal(1);
      expect(await store().addAttempt({ ...window, expiresAt: minuteFromNow() })).to.equal(2);
      expect(await store().countAttempts(window)).to.equal(2);
      expect(await store().countAttempts({ ...window, key: 'download:client-b' })).to.equal(0);
      expect(await store().countAttempts({ ...window, window: '2026-11-23T10:01' })).to.equal(0);
    });

    it('should forget an expired window', async () => {
      const window = { key: 'download:client-c', window: 'w1' };
      await store().addAttempt({ ...window, expiresAt: new Date(Date.now() - 1000) });
      expect(await store().countAttempts(window)).to.equal(0);
    });

    if (shared) {
      it('should count attempts from several connections together (a limit holds across replicas)', async () => {
        const other = await current().connectAgain!();
        try {
          const window = { key: 'download:client-d', window: 'w1', expiresAt: minuteFromNow() };
          await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store()).addAttempt(window)));
          expect(await other.countAttempts(window)).to.equal(10);
        } finally {
          await other.close();
        }
      });
    }
  });

  describe('audit log', () => {
    it('should keep entries, most recent first, and filter them by target', async () => {
      const entry = { actor: 'admin', action: 'certificate.revoke', reason: 'issued in error' };
      const first = await store().appendAudit({ ...entry, at: '2026-11-23T10:00:00.000Z', target: 'AAAA-BBBB-CCCC' });
      const second = await store().appendAudit({
        ...entry, at: '2026-11-23T10:05:00.000Z', target: 'DDDD-EEEE-FFFF', details: { replacement: 'GGGG-HHHH-JJJJ' },
      });
      expect(first.id).to.be.a('string').and.not.equal(second.id);
      expect(await store().listAudit()).to.deep.equal([second, first]);
      expect(await store().listAudit({ target: 'AAAA-BBBB-CCCC' })).to.deep.equal([first]);
      expect(await store().listAudit({ limit: 1 })).to.deep.equal([second]);
    });

    it('should refuse an entry without a reason or actor', async () => {
      const at = '2026-11-23T10:00:00.000Z';
      for (const bad of [{ actor: 'admin', action: 'x', target: 't', reason: ' ', at },
        { actor: '', action: 'x', target: 't', reason: 'r', at }]) {
        expect(await store().appendAudit(bad).catch((e: Error) => e)).to.be.instanceOf(TypeError);
      }
      expect(await store().listAudit()).to.deep.equal([]);
    });
  });
}

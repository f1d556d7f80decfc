import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import type { CertificateStore, SaveOutcome } from '@healthcred/store';
import { mockCertificate } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function outcomes(results: SaveOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { outcome } of results) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

/**
 * The certificate half of the contract: saveIssued outcomes, lookups, status changes and paging. With `shared`,
 * concurrency uses a second connection to the same data.
 */
export function certificateContract(current: CurrentHarness, shared: boolean): void {
  const store = (): CertificateStore => current().store;

  describe('saveIssued()', () => {
    it('should insert a new certificate as issued and return it as stored', async () => {
      const result = await store().saveIssued(mockCertificate(1, { statusListIndex: 7 }));
      expect(result.outcome).to.equal('inserted');
      const stored = await store().findByCertificateId(result.certificate.certificateId);
      expect(stored).to.deep.equal(result.certificate);
      expect(stored).to.include({ status: 'issued', statusListIndex: 7 });
      expect(stored?.credential).to.deep.equal(mockCertificate(1).credential);
      expect(stored).to.not.have.any.keys('supersedes', 'supersededBy', 'statusReason');
    });

    it('should return duplicate and write nothing when the key and hash are already current', async () => {
      const first = await store().saveIssued(mockCertificate(1));
      const again = await store().saveIssued(mockCertificate(1));
      expect(again.outcome).to.equal('duplicate');
      expect(again.certificate).to.deep.equal(first.certificate);
      expect(await store().count()).to.equal(1);
    });

    it('should supersede the current certificate when the same key comes with another hash', async () => {
      const first = await store().saveIssued(mockCertificate(1));
      const correction = mockCertificate(1, { contentHash: 'b'.repeat(64) });
      const result = await store().saveIssued(correction);
      if (result.outcome !== 'superseded') throw new Error(`expected superseded, got ${result.outcome}`);
      const oldId = first.certificate.certificateId;
      expect(result.certificate).to.include({ certificateId: correction.certificateId, supersedes: oldId, status: 'issued' });
      const previous = await store().findByCertificateId(oldId);
      expect(previous).to.deep.equal(result.previous);
      expect(previous).to.include({
        status: 'revoked', statusReason: `superseded by ${correction.certificateId}`, supersededBy: correction.certificateId,
      });
      expect((await store().findCurrentBySourceKey(correction.sourceKey))?.certificateId).to.equal(correction.certificateId);
      expect(await store().count()).to.equal(2);
    });

    it('should answer stale and write nothing for a version older than the current one (a replay after a correction)', async () => {
      const original = mockCertificate(1, { sourceUpdatedAt: '2021-06-02T10:41:07.331' });
      await store().saveIssued(original);
      const corrected = await store().saveIssued(mockCertificate(1, { contentHash: 'b'.repeat(64), sourceUpdatedAt: '2021-06-03T08:00:00.000' }));
      expect(corrected.outcome).to.equal('superseded');
      expect(corrected.certificate.sourceUpdatedAt).to.equal('2021-06-03T08:00:00.000');
      const replay = await store().saveIssuedMany([{ ...original, certificateId: 'REPL-AYED-OLD1', credentialId: 'urn:uuid:replayed-old' }]);
      expect(replay.map((r) => r.outcome)).to.deep.equal(['stale']);
      expect(replay[0]!.certificate).to.deep.equal(await store().findCurrentBySourceKey(original.sourceKey));
      expect(replay[0]!.certificate.certificateId).to.equal(corrected.certificate.certificateId);
      expect(await store().count()).to.equal(2);
    });

    it("should read a source time without zone as UTC, whatever this machine's time zone", async () => {
      const zone = process.env['TZ'];
      process.env['TZ'] = 'Asia/Colombo';
      try {
        await store().saveIssued(mockCertificate(1, { sourceUpdatedAt: '2021-06-02T10:00:00' }));
        const older = await store().saveIssued(mockCertificate(1, { contentHash: 'b'.repeat(64), sourceUpdatedAt: '2021-06-02T09:30:00Z' }));
        expect(older.outcome).to.equal('stale');
        const newer = await store().saveIssued(mockCertificate(1, { contentHash: 'c'.repeat(64), sourceUpdatedAt: '2021-06-02 10:30:00+0000' }));
        expect(newer.outcome).to.equal('superseded');
      } finally {
        if (zone === undefined) delete process.env['TZ']; else process.env['TZ'] = zone;
      }
    });

    it('should let the later delivery win when a version has no source time, or both have the same', async () => {
      await store().saveIssued(mockCertificate(1));
      const undated = await store().saveIssued(mockCertificate(1, { contentHash: 'b'.repeat(64), sourceUpdatedAt: '2020-01-01T00:00:00Z' }));
      expect(undated.outcome).to.equal('superseded');
      const sameTime = await store().saveIssued(mockCertificate(1, { contentHash: 'c'.repeat(64), sourceUpdatedAt: '2020-01-01T00:00:00Z' }));
      expect(sameTime.outcome).to.equal('superseded');
    });

    it('should keep exactly one current certificate through a chain of corrections', async () => {
      for (const hash of ['a', 'b', 'c', 'b']) {
        await store().saveIssued(mockCertificate(1, { contentHash: hash.repeat(64) }));
      }
      const all = await store().findBySubject(mockCertificate(1).subjectId);
      expect(all).to.have.length(4);
      expect(all.filter((c) => c.supersededBy === undefined)).to.have.length(1);
      expect(all.filter((c) => c.status === 'revoked')).to.have.length(3);
    });

    it('should let exactly one of many concurrent saves of one key insert', async () => {
      const stores = [store(), shared ? await current().connectAgain!() : store()];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => stores[i % 2]!.saveIssued(mockCertificate(1))),
      );
      expect(outcomes(results)).to.deep.equal({ inserted: 1, duplicate: 11 });
      expect(await store().count()).to.equal(1);
    });

    it('should leave one current certificate after concurrent corrections of one key', async () => {
      const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((hash) =>
        store().saveIssued(mockCertificate(1, { contentHash: hash.repeat(64) }))));
      expect(outcomes(results)).to.deep.equal({ inserted: 1, superseded: 4 });
      const all = await store().findBySubject(mockCertificate(1).subjectId);
      expect(all.filter((c) => c.supersededBy === undefined)).to.have.length(1);
    });

    it('should return an operator-revoked current certificate unchanged as the duplicate', async () => {
      const first = await store().saveIssued(mockCertificate(1));
      await store().setStatus(first.certificate.certificateId, 'revoked', 'issued in error');
      const again = await store().saveIssued(mockCertificate(1));
      expect(again.outcome).to.equal('duplicate');
      expect(again.certificate).to.include({ status: 'revoked', statusReason: 'issued in error' });
    });

    describe('negative', () => {
      it('rejects a reused certificateId with conflict and writes nothing', async () => {
        const first = await store().saveIssued(mockCertificate(1));
        const error = await rejection(store().saveIssued(mockCertificate(2, { certificateId: first.certificate.certificateId })));
        expect(error).to.be.instanceOf(HealthcredError).and.to.include({ code: 'conflict' });
        expect(await store().count()).to.equal(1);
      });

      it('rejects a reused statusListIndex with conflict', async () => {
        await store().saveIssued(mockCertificate(1, { statusListIndex: 3 }));
        const error = await rejection(store().saveIssued(mockCertificate(2, { statusListIndex: 3 })));
        expect(error).to.include({ code: 'conflict' });
      });

      it('rejects a correction with a used certificateId and keeps the previous one current', async () => {
        const first = await store().saveIssued(mockCertificate(1));
        const other = await store().saveIssued(mockCertificate(2));
        const correction = mockCertificate(1, { contentHash: 'b'.repeat(64), certificateId: other.certificate.certificateId });
        expect(await rejection(store().saveIssued(correction))).to.include({ code: 'conflict' });
        expect(await store().findCurrentBySourceKey(first.certificate.sourceKey)).to.deep.equal(first.certificate);
      });

      const malformed: [string, Record<string, unknown>, string][] = [
        ['the birth date is not YYYY-MM-DD', { dob: '12/04/1985' }, '"dob"'],
        ['the kind is unknown', { kind: 'x-ray' }, '"kind"'],
        ['the sourceKey is empty', { sourceKey: ' ' }, '"sourceKey"'],
        ['issuedAt is not a time', { issuedAt: 'yesterday' }, '"issuedAt"'],
        ['statusListIndex is negative', { statusListIndex: -1 }, '"statusListIndex"'],
        ['sourceUpdatedAt is not a time', { sourceUpdatedAt: 'last week' }, '"sourceUpdatedAt"'],
      ];
      for (const [what, change, field] of malformed) {
        it(`rejects the certificate with a TypeError naming ${field} when ${what}`, async () => {
          const error = await rejection(store().saveIssued({ ...mockCertificate(1), ...change } as never));
          expect(error).to.be.instanceOf(TypeError);
          expect(error.message).to.contain(field);
          expect(await store().count()).to.equal(0);
        });
      }
    });
  });

  describe('findBySubject() and findByCertificateId()', () => {
    it('should return every certificate of a subject, oldest first, and nothing for unknown ids', async () => {
      await store().saveIssued(mockCertificate(5, { sourceKey: 'k2', issuedAt: '2025-02-01T00:00:00.000Z' }));
      await store().saveIssued(mockCertificate(5, { sourceKey: 'k1', issuedAt: '2025-01-01T00:00:00.000Z' }));
      await store().saveIssued(mockCertificate(6));
      const found = await store().findBySubject(mockCertificate(5).subjectId);
      expect(found.map((c) => c.sourceKey)).to.deep.equal(['k1', 'k2']);
      expect(await store().findBySubject('did:pseudonym:nobody')).to.deep.equal([]);
      expect(await store().findByCertificateId('NOPE-NOPE-NOPE')).to.equal(undefined);
      expect(await store().findCurrentBySourceKey('dhis2:none')).to.equal(undefined);
    });

    if (shared) it('should show a write from one connection to another connection', async () => {
      const saved = await store().saveIssued(mockCertificate(1));
      const other = await current().connectAgain!();
      expect(await other.findByCertificateId(saved.certificate.certificateId)).to.deep.equal(saved.certificate);
    });
  });

  describe('setStatus()', () => {
    it('should suspend and reinstate a certificate, recording the reason', async () => {
      const { certificate } = await store().saveIssued(mockCertificate(1));
      const suspended = await store().setStatus(certificate.certificateId, 'suspended', 'under review');
      expect(suspended).to.include({ status: 'suspended', statusReason: 'under review' });
      const reinstated = await store().setStatus(certificate.certificateId, 'issued', 'review passed');
      expect(await store().findByCertificateId(certificate.certificateId)).to.deep.equal(reinstated);
      expect(reinstated.status).to.equal('issued');
    });

    describe('negative', () => {
      it('rejects an unknown certificateId with not_found', async () => {
        expect(await rejection(store().setStatus('NOPE', 'revoked', 'x'))).to.include({ code: 'not_found' });
      });

      it('rejects reinstating a superseded certificate with conflict', async () => {
        const first = await store().saveIssued(mockCertificate(1));
        await store().saveIssued(mockCertificate(1, { contentHash: 'b'.repeat(64) }));
        const error = await rejection(store().setStatus(first.certificate.certificateId, 'issued', 'undo'));
        expect(error).to.include({ code: 'conflict' });
        expect((await store().findByCertificateId(first.certificate.certificateId))?.status).to.equal('revoked');
      });

      it('rejects an unknown status or an empty reason with a TypeError', async () => {
        const { certificate } = await store().saveIssued(mockCertificate(1));
        expect(await rejection(store().setStatus(certificate.certificateId, 'lost' as never, 'x'))).to.be.instanceOf(TypeError);
        expect(await rejection(store().setStatus(certificate.certificateId, 'revoked', ''))).to.be.instanceOf(TypeError);
      });
    });
  });

  describe('list() and count()', () => {
    it('should page through every certificate once, in certificateId order', async () => {
      for (let n = 0; n < 25; n += 1) await store().saveIssued(mockCertificate(n));
      const seen: string[] = [];
      for (let page = await store().list({ limit: 10 }); page.length > 0;
        page = await store().list({ limit: 10, after: seen[seen.length - 1]! })) {
        expect(page.length).to.be.at.most(10);
        seen.push(...page.map((c) => c.certificateId));
      }
      expect(seen).to.have.length(25);
      expect(seen).to.deep.equal([...seen].sort());
    });

    it('should filter by status in list and count', async () => {
      for (let n = 0; n < 4; n += 1) await store().saveIssued(mockCertificate(n));
      const [first] = await store().list({ limit: 1 });
      await store().setStatus(first!.certificateId, 'suspended', 'review');
      expect((await store().list({ status: 'suspended' })).map((c) => c.certificateId)).to.deep.equal([first!.certificateId]);
      expect(await store().count({ status: 'issued' })).to.equal(3);
      expect(await store().count()).to.equal(4);
    });

    describe('negative', () => {
      for (const limit of [0, 1001, 2.5]) {
        it(`rejects limit ${limit} with a TypeError`, async () => {
          expect(await rejection(store().list({ limit }))).to.be.instanceOf(TypeError);
        });
      }
    });
  });
}

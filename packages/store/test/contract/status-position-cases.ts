import { expect } from 'chai';
import type { CredentialStore, StatusPositions } from '@healthcred/store';
import { mockCertificate } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';

/** StatusPositions: positions never handed out twice (with `shared`, also across connections), read back by state. */
export function statusPositionContract(current: CurrentHarness, shared: boolean): void {
  const positions = (): StatusPositions => current().store;
  const store = (): CredentialStore => current().store;

  describe('reserveStatusPositions() and listStatusPositions()', () => {
    it('should hand out consecutive positions that are never handed out twice', async () => {
      expect(await positions().reserveStatusPositions(0)).to.equal(0);
      const first = await positions().reserveStatusPositions(3);
      expect(first).to.equal(0);
      expect(await positions().reserveStatusPositions(0)).to.equal(3);
      const second = await positions().reserveStatusPositions(1);
      expect(second).to.equal(first + 3);
      expect(await positions().reserveStatusPositions(100)).to.equal(second + 1);
    });

    it('should serve first reservations made at the same time (concurrent first upserts of the counter)', async () => {
      const reservations = await Promise.all(Array.from({ length: 8 }, () => positions().reserveStatusPositions(5)));
      expect(reservations).to.have.length(8);
      expect(await positions().reserveStatusPositions(0)).to.be.greaterThan(0);
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
      expect(await positions().listStatusPositions({ from: 0, to: 100, statuses: ['revoked'] })).to.deep.equal(revoked);
      expect(await positions().listStatusPositions({ from: 0, to: 1000, statuses: ['revoked', 'suspended'] }))
        .to.deep.equal([...revoked, await positionOf(c!.certificateId), 200].sort((x, y) => x - y));
      expect(await positions().listStatusPositions({ from: 201, to: 300, statuses: ['revoked'] })).to.deep.equal([]);
    });

    it('should refuse malformed ranges and counts', async () => {
      for (const bad of [() => positions().reserveStatusPositions(-1), () => positions().reserveStatusPositions(1.5),
        () => positions().listStatusPositions({ from: 5, to: 4, statuses: ['revoked'] }),
        () => positions().listStatusPositions({ from: 0, to: 2_000_000, statuses: ['revoked'] }),
        () => positions().listStatusPositions({ from: 0, to: 10, statuses: ['gone' as 'revoked'] })]) {
        expect(await bad().catch((e: Error) => e)).to.be.instanceOf(TypeError);
      }
    });
  });
}

import { expect } from 'chai';
import { SOURCE_KEY_PREFIX_LIMIT, type CertificateStore } from '@healthcred/store';
import { mockCertificate } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';
import { expectTypeError } from './type-error.js';

/** findCurrentBySourceKeys: a batch's reads before signing; listCurrentBySourceKeyPrefix: every dose of one DHIS2 event. */
export function sourceKeyContract(current: CurrentHarness): void {
  const store = (): CertificateStore => current().store;

  describe('findCurrentBySourceKeys()', () => {
    it('should give the current certificate of each key that has one, whatever its status, a repeated key once', async () => {
      const saved = Array.from({ length: 30 }, (_, i) => mockCertificate(i));
      await store().saveIssuedMany(saved);
      const correction = mockCertificate(4, { contentHash: 'c'.repeat(64) });
      await store().saveIssued(correction);
      await store().setStatus(saved[5]!.certificateId, 'suspended', 'checked by an operator');
      const found = await store().findCurrentBySourceKeys([...saved.map((c) => c.sourceKey), 'dhis2:unknown', saved[3]!.sourceKey]);
      expect([...found.keys()].sort()).to.deep.equal(saved.map((c) => c.sourceKey).sort());
      for (const certificate of saved) {
        expect(found.get(certificate.sourceKey), certificate.sourceKey).to.deep.equal(await store().findCurrentBySourceKey(certificate.sourceKey));
      }
      expect(found.get(correction.sourceKey)?.certificateId).to.equal(correction.certificateId);
      expect(found.get(saved[5]!.sourceKey)?.status).to.equal('suspended');
    });

    it('should read more keys than one query carries, and none', async () => {
      const saved = [mockCertificate(1), mockCertificate(2)];
      await store().saveIssuedMany(saved);
      const unknown = Array.from({ length: 1500 }, (_, i) => `dhis2:unknown:${i}`);
      const found = await store().findCurrentBySourceKeys([...unknown, ...saved.map((c) => c.sourceKey)]);
      expect([...found.values()].map((c) => c.certificateId)).to.have.members(saved.map((c) => c.certificateId));
      expect(await store().findCurrentBySourceKeys([])).to.deep.equal(new Map());
    });

    it('should reject keys that are not an array of strings', async () => {
      for (const keys of ['dhis2:TEa:EVa:1', ['dhis2:TEa:EVa:1', 7], undefined] as unknown as string[][]) {
        expectTypeError(await store().findCurrentBySourceKeys(keys).catch((error: unknown) => error), '"sourceKeys"');
      }
    });
  });

  describe('listCurrentBySourceKeyPrefix()', () => {
    it('should reject a prefix that does not end at a key separator', async () => {
      for (const prefix of ['dhis2:TEa:EVa', '', 42 as unknown as string]) {
        expectTypeError(await store().listCurrentBySourceKeyPrefix(prefix).catch((error: unknown) => error), '"prefix"');
      }
    });

    it('should find nothing for an event never certified', async () => {
      await store().saveIssued(mockCertificate(1));
      expect(await store().listCurrentBySourceKeyPrefix('dhis2:TE2:EV2:')).to.deep.equal([]);
    });

    it('should return the current certificate of each dose of the event, not its superseded ones nor other events', async () => {
      await store().saveIssued(mockCertificate(1, { sourceKey: 'dhis2:TEa:EVa:1' }));
      const corrected = await store().saveIssued(mockCertificate(2, { sourceKey: 'dhis2:TEa:EVa:1', contentHash: 'b'.repeat(64) }));
      const second = await store().saveIssued(mockCertificate(3, { sourceKey: 'dhis2:TEa:EVa:2' }));
      await store().saveIssued(mockCertificate(4, { sourceKey: 'dhis2:TEa:EVab:1' }));
      await store().saveIssued(mockCertificate(5, { sourceKey: 'dhis2:TEa:EV:1' }));
      await store().setStatus(second.certificate.certificateId, 'suspended', 'checked by an operator');
      const found = await store().listCurrentBySourceKeyPrefix('dhis2:TEa:EVa:');
      expect(found.map((c) => [c.sourceKey, c.certificateId, c.status])).to.deep.equal([
        ['dhis2:TEa:EVa:1', corrected.certificate.certificateId, 'issued'],
        ['dhis2:TEa:EVa:2', second.certificate.certificateId, 'suspended'],
      ]);
    });

    it(`should return at most ${SOURCE_KEY_PREFIX_LIMIT} certificates`, async () => {
      const certificates = Array.from({ length: SOURCE_KEY_PREFIX_LIMIT + 1 },
        (_, n) => mockCertificate(n, { sourceKey: `dhis2:TEa:EVa:${String(n).padStart(3, '0')}` }));
      await store().saveIssuedMany(certificates);
      expect(await store().listCurrentBySourceKeyPrefix('dhis2:TEa:EVa:')).to.have.length(SOURCE_KEY_PREFIX_LIMIT);
    });
  });
}

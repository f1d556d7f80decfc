import { expect } from 'chai';
import { SOURCE_KEY_PREFIX_LIMIT, type CertificateStore } from '@healthcred/store';
import { mockCertificate } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';
import { expectTypeError } from './type-error.js';

/** listCurrentBySourceKeyPrefix: every dose certified from one DHIS2 event, for a withdrawal. */
export function sourceKeyContract(current: CurrentHarness): void {
  const store = (): CertificateStore => current().store;

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

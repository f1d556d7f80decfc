import { expect } from 'chai';
import type { CertificateStore, NewCertificate } from '@healthcred/store';
import { mockCertificate } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';

const OLD_KEY = 'did:web:example.org#z6MkOldKey';
const NEW_KEY = 'did:web:example.org#z6MkNewKey';

/** A certificate whose credential's proof names `key`. */
function signedBy(n: number, key: string, overrides: Partial<NewCertificate> = {}): NewCertificate {
  const certificate = mockCertificate(n, overrides);
  const credential = certificate.credential as { proof: object };
  return { ...certificate, credential: { ...credential, proof: { ...credential.proof, verificationMethod: key } } };
}

async function pages(store: CertificateStore, query: { verificationMethod: string; status?: 'issued' }, limit: number): Promise<string[]> {
  const seen: string[] = [];
  for (let page = await store.listCurrentBySigningKey({ ...query, limit }); page.length > 0;
    page = await store.listCurrentBySigningKey({ ...query, limit, after: seen.at(-1)! })) {
    expect(page.length).to.be.at.most(limit);
    seen.push(...page.map((c) => c.certificateId));
  }
  return seen;
}

/** listCurrentBySigningKey / countCurrentBySigningKey: what a key revocation re-issues. */
export function signingKeyContract(current: CurrentHarness): void {
  const store = (): CertificateStore => current().store;

  describe('listCurrentBySigningKey() and countCurrentBySigningKey()', () => {
    it('should page through the current certificates a key signed, in certificateId order, and count them', async () => {
      const mine: string[] = [];
      for (let n = 0; n < 12; n += 1) mine.push((await store().saveIssued(signedBy(n, OLD_KEY))).certificate.certificateId);
      for (let n = 12; n < 15; n += 1) await store().saveIssued(signedBy(n, NEW_KEY));
      await store().saveIssued(mockCertificate(15));
      const corrected = await store().saveIssued(signedBy(0, OLD_KEY, { contentHash: 'b'.repeat(64) }));
      mine[0] = corrected.certificate.certificateId;
      const seen = await pages(store(), { verificationMethod: OLD_KEY }, 5);
      expect(seen).to.deep.equal([...mine].sort());
      expect(await store().countCurrentBySigningKey({ verificationMethod: OLD_KEY })).to.equal(12);
      expect(await store().countCurrentBySigningKey({ verificationMethod: NEW_KEY })).to.equal(3);
      expect(await store().countCurrentBySigningKey({ verificationMethod: 'did:web:example.org#z6MkOther' })).to.equal(0);
      const [page] = [await store().listCurrentBySigningKey({ verificationMethod: OLD_KEY, limit: 1 })];
      expect(page![0]).to.deep.equal(await store().findByCertificateId(page![0]!.certificateId));
    });

    it('should filter by status, and drop a certificate from the selection once it is re-issued', async () => {
      const a = (await store().saveIssued(signedBy(1, OLD_KEY))).certificate;
      const b = (await store().saveIssued(signedBy(2, OLD_KEY))).certificate;
      await store().setStatus(b.certificateId, 'suspended', 'under review');
      const query = { verificationMethod: OLD_KEY, status: 'issued' as const };
      expect((await store().listCurrentBySigningKey(query)).map((c) => c.certificateId)).to.deep.equal([a.certificateId]);
      expect(await store().countCurrentBySigningKey({ verificationMethod: OLD_KEY, status: 'suspended' })).to.equal(1);
      await store().saveReissued(a.certificateId, signedBy(1, NEW_KEY), 'signing key revoked');
      expect(await store().listCurrentBySigningKey(query)).to.deep.equal([]);
      expect(await store().countCurrentBySigningKey(query)).to.equal(0);
      expect(await store().countCurrentBySigningKey({ verificationMethod: NEW_KEY })).to.equal(1);
    });

    describe('negative', () => {
      const bad: [string, Record<string, unknown>, string][] = [
        ['the key is empty', { verificationMethod: '' }, '"verificationMethod"'],
        ['the key is missing', {}, '"verificationMethod"'],
        ['the status is unknown', { verificationMethod: OLD_KEY, status: 'lost' }, '"status"'],
        ['the limit is 0', { verificationMethod: OLD_KEY, limit: 0 }, '"limit"'],
      ];
      for (const [what, query, field] of bad) {
        it(`rejects the query with a TypeError naming ${field} when ${what}`, async () => {
          const error = await store().listCurrentBySigningKey(query as never).catch((e: unknown) => e);
          expect(error).to.be.instanceOf(TypeError);
          expect((error as Error).message).to.contain(field);
        });
      }
      it('rejects a count without a key with a TypeError', async () => {
        expect(await store().countCurrentBySigningKey({} as never).catch((e: unknown) => e)).to.be.instanceOf(TypeError);
      });
    });
  });
}

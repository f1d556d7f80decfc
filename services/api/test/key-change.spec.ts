import { expect } from 'chai';
import request from 'supertest';
import { buildVaccinationCredential, generateCertificateId, issueCredential, type Issuer } from '@healthcred/credentials';
import { generateIssuerKeySet, revokeIssuerKey, rotateIssuerKey } from '@healthcred/issuer-identity';
import { statusEntryForPosition } from '@healthcred/status-list';
import type { SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';
import { ISSUER_URL, TOKENS, startApi, type TestApi } from './fixtures/api.js';

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * A key change as `runApi` makes it when the key file changes (`followIssuerKeyFile` → `replace`): every answer after
 * it is the new key's, whatever the API cached before.
 */
for (const trustList of [false, true]) {
  describe(`API: a key change replaces the issuer everywhere at once (${trustList ? 'trust list file' : 'this issuer alone'})`, () => {
    let api: TestApi;
    let before: SignedHealthCredential;
    let oldKey: string;

    const issue = async (sourceKey: string) => (await request(api.app).post('/credentials/issue').set(as(TOKENS.issue))
      .send({ sourceKey, kind: 'vaccination', record: mockVaccinationRecord() }).expect(201)).body.verifiableCredential as SignedHealthCredential;
    const verify = async (verifiableCredential: unknown) =>
      (await request(api.app).post('/credentials/verify').send({ verifiableCredential })).body as { verified: boolean; errors: { code: string }[] };
    const didDocument = async () => JSON.parse((await request(api.app).get('/.well-known/did.json').expect(200)).text);
    const statusList = async () => JSON.parse((await request(api.app).get('/status/revocation/1').expect(200)).text);
    /** A credential signed by `issuer` outside the API, as a part of the process holding a copy of it would sign. */
    const signedBy = (issuer: Issuer) => issueCredential({
      credential: buildVaccinationCredential(mockVaccinationRecord(), {
        issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
        credentialStatus: statusEntryForPosition(900, ISSUER_URL),
      }),
      issuer,
    });

    beforeEach(async () => {
      api = startApi({}, { trustList });
      before = await issue('before');
      oldKey = before.proof.verificationMethod;
      // Everything the API caches per key, filled before the change: the signed list, the own trust entry and its index.
      expect((await statusList()).proof.verificationMethod).to.equal(oldKey);
      expect((await didDocument()).assertionMethod).to.deep.equal([oldKey]);
      expect((await verify(before)).verified).to.equal(true);
    });
    afterEach(() => api.close());

    describe('negative', () => {
      it('refuses keys of another DID: the API keeps signing and publishing the current key', async () => {
        expect(() => api.issuerHolder.replace(generateIssuerKeySet({ did: 'did:web:other.example' }))).to.throw().with.property('code', 'key_error');
        expect((await didDocument()).assertionMethod).to.deep.equal([oldKey]);
        expect((await issue('after-refusal')).proof.verificationMethod).to.equal(oldKey);
      });

      it('does not verify what a copy of the issuer kept from before signs after its key is revoked; the API signs with the fresh key', async () => {
        const copied = api.issuer;
        api.issuerHolder.replace(revokeIssuerKey(api.keys(), { keyId: oldKey, reason: 'key leaked' }));
        const stale = await signedBy(copied);
        expect(stale.proof.verificationMethod).to.equal(oldKey);
        expect((await verify(stale)).verified).to.equal(false);
        const fresh = await issue('after-revocation');
        expect(fresh.proof.verificationMethod).to.equal(api.issuer.signer.id).and.not.equal(oldKey);
        expect((await verify(fresh)).verified).to.equal(true);
        expect((await statusList()).proof.verificationMethod).to.equal(api.issuer.signer.id);
        expect((await didDocument()).assertionMethod).to.deep.equal([api.issuer.signer.id]);
      });
    });

    it('should sign the next credential and status list, and publish the DID document, with the new key at once', async () => {
      const rotated = rotateIssuerKey(api.keys());
      const newKey = rotated.keys[0]!.id;
      api.issuerHolder.replace(rotated);
      expect((await didDocument()).assertionMethod).to.deep.equal([newKey, oldKey]);
      const list = await statusList();
      expect(list.proof.verificationMethod).to.equal(newKey);
      const after = await issue('after');
      expect(after.proof.verificationMethod).to.equal(newKey);
      for (const credential of [before, after, list, await signedBy(api.issuer)]) {
        const result = await verify(credential);
        expect(result.verified, JSON.stringify(result.errors)).to.equal(true);
      }
      const own = (await request(api.app).get('/trust-list').expect(200)).body.issuers[0];
      expect(own.didDocument.assertionMethod).to.deep.equal([newKey, oldKey]);
    });

    it('should re-issue through the admin API with the new key at once', async () => {
      const { certificateId } = await api.issue(1);
      api.issuerHolder.replace(rotateIssuerKey(api.keys()));
      const reissued = (await request(api.app).post(`/admin/certificates/${certificateId}/reissue`).set(as(TOKENS.amara))
        .send({ reason: 'name corrected' }).expect(201)).body.certificate;
      const stored = await api.store.findByCertificateId(reissued.certificateId);
      expect((stored!.credential as SignedHealthCredential).proof.verificationMethod).to.equal(api.issuer.signer.id).and.not.equal(oldKey);
    });
  });
}

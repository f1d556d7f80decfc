import { expect } from 'chai';
import request from 'supertest';
import type { Issuer } from '@healthcred/credentials';
import { issueCertificate } from '@healthcred/issuance';
import type { SignedHealthCredential } from '@healthcred/types';
import { DOB, TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { mockVaccinationRecord } from '@healthcred/testing';

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('API: issuer key revocation', () => {
  let api: TestApi;
  let originals: string[];
  let compromised: string;
  const path = (keyId: string, action: string) => `/admin/keys/${encodeURIComponent(keyId)}/${action}`;

  /** Polls the job of `keyId` until it is no longer running. */
  async function finished(keyId: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const job = (await request(api.app).get(path(keyId, 'reissue')).set(as(TOKENS.amara)).expect(200)).body;
      if (job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the re-issue job did not finish');
  }

  beforeEach(async () => {
    api = startApi();
    originals = [];
    for (let n = 1; n <= 3; n++) originals.push((await api.issue(n)).certificateId);
    compromised = api.issuer.signer.id;
  });
  afterEach(() => api.close());

  it('should publish the key as revoked and re-issue what it signed under a fresh key, in the background, audited', async () => {
    const answer = await request(api.app).post(path(compromised, 'revoke')).set(as(TOKENS.amara)).send({ reason: 'HSM backup stolen' }).expect(202);
    expect(answer.body).to.include({ keyId: compromised, active: api.issuer.signer.id });
    expect(answer.body.job).to.include({ keyId: compromised, total: 3, startedBy: 'amara' });
    expect(Date.parse(answer.body.revoked)).to.be.closeTo(Date.now(), 60_000);
    const did = JSON.parse((await request(api.app).get('/.well-known/did.json')).text);
    expect(did.assertionMethod).to.deep.equal([api.issuer.signer.id]);
    expect(did.verificationMethod.find((m: { id: string }) => m.id === compromised)).to.include({ revoked: answer.body.revoked });
    expect(await finished(compromised)).to.include({ status: 'done', reissued: 3, total: 3, failed: 0 });

    const old = (await request(api.app).get(`/admin/certificates/${originals[0]}`).set(as(TOKENS.kasun)).expect(200)).body;
    expect(old).to.include({ status: 'revoked' });
    const download = await request(api.app).get(`/certificates/${originals[0]}?dob=${DOB}`).expect(200);
    expect(download.headers.link).to.equal(`</certificates/${old.supersededBy}>; rel="successor-version"`);
    const fresh = (await request(api.app).get(`/certificates/${old.supersededBy}?dob=${DOB}`).expect(200)).body as SignedHealthCredential;
    expect(fresh.proof.verificationMethod).to.equal(api.issuer.signer.id);
    expect((await request(api.app).post('/credentials/verify').send({ verifiableCredential: fresh })).body.verified).to.equal(true);
    const holder = (await request(api.app).get(`/certificates/${old.supersededBy}/holder?dob=${DOB}`).expect(200)).body.certificates;
    expect(holder.find((c: { certificateId: string }) => c.certificateId === originals[0]))
      .to.include({ status: 'revoked', supersededBy: old.supersededBy });

    const audit = (await request(api.app).get(`/admin/audit?target=${encodeURIComponent(compromised)}`).set(as(TOKENS.kasun))).body.entries;
    expect(audit.map((e: Record<string, string>) => [e.actor, e.action, e.reason])).to.deep.equal([
      ['amara', 'keys.reissue.end', 'HSM backup stolen'], ['amara', 'keys.reissue.start', 'HSM backup stolen'],
      ['amara', 'keys.revoke', 'HSM backup stolen'],
    ]);
  });

  it('should resume with POST reissue for certificates signed with the key by a process that had not reloaded', async () => {
    const stale: Issuer = { ...api.issuer };
    await request(api.app).post(path(compromised, 'revoke')).set(as(TOKENS.amara)).send({ reason: 'key leaked' }).expect(202);
    await finished(compromised);
    const record = mockVaccinationRecord();
    await issueCertificate({ sourceKey: 'test:late', kind: 'vaccination', record: { ...record, vaccination: { ...record.vaccination, batch: 'LATE' } } },
      { store: api.store, issuer: stale });
    const resumed = await request(api.app).post(path(compromised, 'reissue')).set(as(TOKENS.kasun)).send({ reason: 'one more found' }).expect(202);
    expect(resumed.body).to.include({ total: 1, startedBy: 'kasun' });
    expect(await finished(compromised.split('#')[1]!)).to.include({ status: 'done', reissued: 1 });
    expect(await api.store.countCurrentBySigningKey({ verificationMethod: compromised })).to.equal(0);
  });

  describe('negative', () => {
    it('rejects on both verify routes a credential the revoked key signed, before or after the revocation', async () => {
      const stale: Issuer = { ...api.issuer };
      const before = (await request(api.app).get(`/certificates/${originals[0]}?dob=${DOB}`).expect(200)).body as SignedHealthCredential;
      await request(api.app).post(path(compromised, 'revoke')).set(as(TOKENS.amara)).send({ reason: 'key leaked' }).expect(202);
      await finished(compromised);
      const record = mockVaccinationRecord();
      const today = (await issueCertificate({
        sourceKey: 'test:attacker', kind: 'vaccination', record: { ...record, vaccination: { ...record.vaccination, batch: 'FORGED' } },
      }, { store: api.store, issuer: stale })).certificate.credential as SignedHealthCredential;
      expect(today.proof.verificationMethod).to.equal(compromised);
      for (const credential of [before, today]) {
        const body = await request(api.app).post('/credentials/verify').send({ verifiableCredential: credential }).expect(400);
        expect(body.body.errors[0]).to.include({ check: 'issuer_key', code: 'revoked_key' });
        const qr = await request(api.app).post('/verify/qr').send({ payload: JSON.stringify(credential) }).expect(400);
        expect(qr.body.errors[0]).to.include({ code: 'revoked_key' });
      }
    });

    it('refuses callers without an admin token, changing nothing', async () => {
      for (const headers of [{}, as(TOKENS.issue), as('wrong-token-0123456789')]) {
        await request(api.app).post(path(compromised, 'revoke')).set(headers).send({ reason: 'key leaked' }).expect(401);
        await request(api.app).get(path(compromised, 'reissue')).set(headers).expect(401);
      }
      expect(api.issuer.signer.id).to.equal(compromised);
      expect((await api.store.listAudit()).map((e) => e.action), 'only the wrong tokens, once').to.deep.equal(['auth.failure']);
    });

    it('refuses a missing reason, an unknown key, a second revocation and a key that is not revoked', async () => {
      const post = (keyId: string, action: string, body: object) => request(api.app).post(path(keyId, action)).set(as(TOKENS.amara)).send(body);
      expect((await post(compromised, 'revoke', {}).expect(400)).body.error.field).to.equal('reason');
      await post('did:web:localhost%3A8080#z6MkUnknown', 'revoke', { reason: 'key leaked' }).expect(404);
      expect((await post('x'.repeat(301), 'revoke', { reason: 'key leaked' }).expect(400)).body.error.field).to.equal('keyId');
      await post(compromised, 'reissue', { reason: 'not revoked yet' }).expect(409);
      await request(api.app).get(path(compromised, 'reissue')).set(as(TOKENS.amara)).expect(404);
      await post(compromised, 'revoke', { reason: 'key leaked' }).expect(202);
      await finished(compromised);
      expect((await post(compromised, 'revoke', { reason: 'again' }).expect(409)).body.error.message).to.contain('already revoked');
      expect((await api.store.listAudit()).filter((e) => e.action === 'keys.revoke')).to.have.length(1);
    });

    it('refuses a revocation where keys cannot change at run time', async () => {
      const fixed = startApi({}, { rotatableKeys: false });
      try {
        const response = await request(fixed.app).post(path(fixed.issuer.signer.id, 'revoke')).set(as(TOKENS.amara))
          .send({ reason: 'key leaked' }).expect(409);
        expect(response.body.error.message).to.contain('cannot be revoked');
      } finally {
        await fixed.close();
      }
    });
  });
});

import { expect } from 'chai';
import request from 'supertest';
import { ISSUER_GROUPS, loadConfig } from '@healthcred/config';
import { DOB, TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { mockVaccinationRecord } from '@healthcred/testing';

describe('API: administration, issuance for systems, operations', () => {
  let api: TestApi;
  let certificateId: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeEach(async () => {
    api = startApi();
    ({ certificateId } = await api.issue(1));
  });
  afterEach(() => api.close());

  describe('admin endpoints', () => {
    it('refuse without a token or with a wrong one, and never show the credential to a wrong caller', async () => {
      for (const headers of [{}, as('wrong-token-0123456789'), as(TOKENS.issue), as(TOKENS.webhook)]) {
        const response = await request(api.app).post(`/admin/certificates/${certificateId}/revoke`).set(headers).send({ reason: 'test' });
        expect(response.status).to.equal(401);
        expect(response.body.error.code).to.equal('unauthorized');
        await request(api.app).get('/admin/audit').set(headers).expect(401);
      }
      expect((await api.store.findByCertificateId(certificateId))?.status).to.equal('issued');
    });

    it('should suspend, reinstate and revoke with a reason, each recorded in the audit log with who did it', async () => {
      const step = (action: string, token: string, reason: string) => request(api.app)
        .post(`/admin/certificates/${certificateId}/${action}`).set(as(token)).send({ reason });
      expect((await step('suspend', TOKENS.amara, 'holder reported a lost card').expect(200)).body.status).to.equal('suspended');
      expect((await step('reinstate', TOKENS.kasun, 'card found').expect(200)).body.status).to.equal('issued');
      const revoked = (await step('revoke', TOKENS.amara, 'issued in error').expect(200)).body;
      expect(revoked).to.include({ status: 'revoked', statusReason: 'issued in error' });
      expect(revoked).to.not.have.any.keys('credential', 'dob', 'subjectId');
      const { entries } = (await request(api.app).get(`/admin/audit?target=${certificateId}`).set(as(TOKENS.kasun)).expect(200)).body;
      expect(entries.map((e: Record<string, string>) => [e.actor, e.action, e.reason])).to.deep.equal([
        ['amara', 'certificate.revoke', 'issued in error'],
        ['kasun', 'certificate.reinstate', 'card found'],
        ['amara', 'certificate.suspend', 'holder reported a lost card'],
      ]);
      expect(Date.parse(entries[0].at)).to.be.closeTo(Date.now(), 60_000);
    });

    it('refuses an action without a reason, an impossible transition, and an unknown certificate', async () => {
      const post = (path: string, body: object) => request(api.app).post(path).set(as(TOKENS.amara)).send(body);
      expect((await post(`/admin/certificates/${certificateId}/revoke`, {}).expect(400)).body.error.field).to.equal('reason');
      await post(`/admin/certificates/${certificateId}/reinstate`, { reason: 'not suspended' }).expect(409);
      await post(`/admin/certificates/${certificateId}/revoke`, { reason: 'issued in error' }).expect(200);
      const again = await post(`/admin/certificates/${certificateId}/reinstate`, { reason: 'undo' }).expect(409);
      expect(again.body.error.message).to.contain('revoked');
      await post('/admin/certificates/AAAA-BBBB-CCCC/revoke', { reason: 'unknown' }).expect(404);
      expect((await api.store.listAudit()).map((e) => e.action)).to.deep.equal(['certificate.revoke']);
    });

    it('should re-issue a certificate under a new id that verifies, revoking the old one, for the same holder', async () => {
      const response = await request(api.app).post(`/admin/certificates/${certificateId}/reissue`).set(as(TOKENS.kasun))
        .send({ reason: 'holder lost the card' }).expect(201);
      const { certificate, previous } = response.body;
      expect(previous).to.include({ certificateId, status: 'revoked', supersededBy: certificate.certificateId });
      expect(certificate).to.include({ status: 'issued', supersedes: certificateId });
      const credential = (await request(api.app).get(`/certificates/${certificate.certificateId}?dob=${DOB}`).expect(200)).body;
      const old = (await request(api.app).get(`/certificates/${certificateId}?dob=${DOB}`).expect(200)).body;
      // The same holder (name, birth date; one holder key in the store) under the new certificate's own pseudonym.
      const { id: newSubject, ...holder } = credential.credentialSubject;
      const { id: oldSubject, ...oldHolder } = old.credentialSubject;
      expect(holder).to.deep.equal(oldHolder);
      expect(newSubject).to.not.equal(oldSubject);
      expect((await api.store.findByCertificateId(certificate.certificateId))!.subjectId)
        .to.equal((await api.store.findByCertificateId(certificateId))!.subjectId);
      expect(credential.credentialStatus[0].statusListIndex).to.not.equal(old.credentialStatus[0].statusListIndex);
      expect((await request(api.app).post('/credentials/verify').send({ verifiableCredential: credential })).body.verified).to.equal(true);
      const oldResult = (await request(api.app).post('/credentials/verify').send({ verifiableCredential: old })).body;
      expect(oldResult.errors.map((e: { code: string }) => e.code)).to.deep.equal(['revoked']);
      const [entry] = (await request(api.app).get(`/admin/audit?target=${certificateId}`).set(as(TOKENS.kasun))).body.entries;
      expect(entry).to.deep.include({ actor: 'kasun', action: 'certificate.reissue', details: { replacement: certificate.certificateId } });
      await request(api.app).post(`/admin/certificates/${certificateId}/reissue`).set(as(TOKENS.kasun)).send({ reason: 'again' }).expect(409);
    });

    it('should rotate the signing key: the DID document publishes both, old and new credentials verify', async () => {
      const before = (await request(api.app).get(`/certificates/${certificateId}?dob=${DOB}`)).body;
      const rotated = (await request(api.app).post('/admin/keys/rotate').set(as(TOKENS.amara)).send({ reason: 'yearly rotation' }).expect(200)).body;
      expect(rotated.retired).to.deep.equal([before.proof.verificationMethod]);
      const did = JSON.parse((await request(api.app).get('/.well-known/did.json')).text);
      expect(did.assertionMethod).to.deep.equal([rotated.active, before.proof.verificationMethod]);
      const issued = (await request(api.app).post('/credentials/issue').set(as(TOKENS.issue))
        .send({ sourceKey: 'after-rotation', kind: 'vaccination', record: mockVaccinationRecord() }).expect(201)).body;
      expect(issued.verifiableCredential.proof.verificationMethod).to.equal(rotated.active);
      for (const credential of [before, issued.verifiableCredential]) {
        expect((await request(api.app).post('/credentials/verify').send({ verifiableCredential: credential })).body.verified).to.equal(true);
      }
      const [entry] = (await request(api.app).get('/admin/audit').set(as(TOKENS.amara))).body.entries;
      expect(entry).to.include({ actor: 'amara', action: 'keys.rotate', reason: 'yearly rotation' });
    });

    it('refuses a key rotation where keys cannot rotate at run time', async () => {
      const fixed = startApi({}, { rotatableKeys: false });
      try {
        const response = await request(fixed.app).post('/admin/keys/rotate').set(as(TOKENS.amara)).send({ reason: 'try it' }).expect(409);
        expect(response.body.error.message).to.contain('cannot be rotated');
      } finally {
        await fixed.close();
      }
    });

    it('should list the dead letter, re-drive an entry to its topic after a fix, and discard another', async () => {
      const at = new Date().toISOString();
      const fixable = await api.store.saveDeadLetter({ topic: 'dhis2.hooks', payload: '{"fixed":true}', code: 'invalid_input', reason: 'r', attempts: 1, at });
      const junk = await api.store.saveDeadLetter({ topic: 'dhis2.hooks', payload: 'junk', code: 'invalid_input', reason: 'r', attempts: 1, at });
      const listed = (await request(api.app).get('/admin/dead-letters?status=open').set(as(TOKENS.amara)).expect(200)).body.deadLetters;
      expect(listed.map((d: { id: string }) => d.id).sort()).to.deep.equal([fixable.id, junk.id].sort());
      await request(api.app).post(`/admin/dead-letters/${fixable.id}/redrive`).set(as(TOKENS.amara)).send({ reason: 'mapping fixed' }).expect(200);
      await request(api.app).post(`/admin/dead-letters/${junk.id}/discard`).set(as(TOKENS.amara)).send({ reason: 'test data' }).expect(200);
      await request(api.app).post('/admin/dead-letters/nope/discard').set(as(TOKENS.amara)).send({ reason: 'x y z' }).expect(404);
      const republished = await api.bus.readTopic('dhis2.hooks');
      expect(republished.map((m) => [m.value, m.headers.redriven])).to.deep.equal([['{"fixed":true}', fixable.id]]);
      expect((await api.store.findDeadLetter(fixable.id))?.status).to.equal('redriven');
      expect((await api.store.findDeadLetter(junk.id))?.status).to.equal('discarded');
    });
  });

  describe('POST /credentials/issue', () => {
    const body = { sourceKey: 'portal:42', kind: 'vaccination', record: mockVaccinationRecord() };

    it('should issue once for an authorized caller, answer a replay with the same certificate, and verify', async () => {
      const first = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(body).expect(201);
      expect(first.body.outcome).to.equal('inserted');
      const replay = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(body).expect(200);
      expect(replay.body).to.include({ outcome: 'duplicate', certificateId: first.body.certificateId });
      const verified = await request(api.app).post('/credentials/verify').send({ verifiableCredential: first.body.verifiableCredential });
      expect(verified.body.verified).to.equal(true);
      await request(api.app).get(`/certificates/${first.body.certificateId}?dob=${DOB}`).expect(200);
    });

    it('should supersede with a newer source version and answer an older one as stale, with the current certificate', async () => {
      const versioned = (batch: string, updatedAt: string) => ({
        sourceKey: 'portal:43', kind: 'vaccination', source: { updatedAt },
        record: { ...body.record, vaccination: { ...body.record.vaccination, batch } },
      });
      const first = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(versioned('LOT-1', '2026-01-01T10:00:00Z')).expect(201);
      const corrected = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(versioned('LOT-2', '2026-01-02T10:00:00Z')).expect(201);
      expect(corrected.body).to.include({ outcome: 'superseded', supersedes: first.body.certificateId });
      const stale = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(versioned('LOT-1', '2026-01-01T10:00:00Z')).expect(200);
      expect(stale.body).to.include({ outcome: 'stale', certificateId: corrected.body.certificateId });
      const badTime = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(versioned('LOT-3', 'yesterday')).expect(400);
      expect(badTime.body.error.message).to.contain('source.updatedAt');
    });

    it('refuses a caller without the issue token, and an invalid record naming the field', async () => {
      await request(api.app).post('/credentials/issue').send(body).expect(401);
      await request(api.app).post('/credentials/issue').set(as(TOKENS.amara)).send(body).expect(401);
      const bad = { ...body, record: { ...body.record, vaccination: { ...body.record.vaccination, dose: 'first' } } };
      const response = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(bad).expect(400);
      expect(response.body.error.message).to.contain('dose');
    });
  });

  describe('operations', () => {
    it('should expose Prometheus metrics: requests per route, verification outcomes, certificates per status', async () => {
      await request(api.app).post('/credentials/verify').send({ verifiableCredential: {} });
      await request(api.app).get(`/certificates/${certificateId}?dob=${DOB}`);
      const text = (await request(api.app).get('/metrics').expect(200)).text;
      expect(text).to.match(/healthcred_http_requests_total\{method="GET",route="\/certificates\/:id",status="200"\} 1/);
      expect(text).to.match(/healthcred_verifications_total\{verified="false",failed_check="structure"\} 1/);
      expect(text).to.match(/healthcred_certificates\{status="issued"\} 1/);
      expect(text).to.contain('healthcred_verification_duration_seconds_bucket');
      expect(text).to.not.contain(certificateId);
    });

    it('should expose each issuer group\'s lag per partition, read from the event log at each scrape', async () => {
      const topic = loadConfig({}).topics.dhis2;
      await api.bus.publish(topic, [{ key: 'te-1', value: '{}' }, { key: 'te-2', value: '{}' }]);
      let seen = 0;
      const subscription = await api.bus.subscribe({
        groupId: ISSUER_GROUPS.dhis2, topics: [topic], fromBeginning: true, handle: async () => { seen += 1; },
      });
      for (let i = 0; i < 500 && (seen < 2 || (await api.bus.readOffsets(ISSUER_GROUPS.dhis2)).some((o) => o.lag > 0)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await subscription.stop();
      await api.bus.publish(topic, [{ key: 'te-3', value: '{}' }, { key: 'te-3', value: '{}' }, { key: 'te-3', value: '{}' }]);
      const lags = [...(await request(api.app).get('/metrics').expect(200)).text
        .matchAll(/^healthcred_consumer_lag\{group="healthcred-issuer-dhis2",topic="([^"]+)",partition="(\d+)"\} (\d+)$/gm)];
      expect(lags.length).to.be.greaterThan(0);
      expect(lags.every((match) => match[1] === topic)).to.equal(true);
      expect(lags.reduce((sum, match) => sum + Number(match[3]), 0)).to.equal(3);
    });

    it('should describe itself in an OpenAPI document', async () => {
      const document = (await request(api.app).get('/openapi.json').expect(200)).body;
      expect(document.openapi).to.match(/^3\.1/);
      for (const path of ['/certificates/{id}/qr.png', '/credentials/verify', '/verify/qr', '/status/{n}', '/admin/certificates/{id}/revoke',
        '/admin/keys/{keyId}/revoke', '/admin/keys/{keyId}/reissue']) {
        expect(document.paths).to.have.property(path);
      }
    });
  });
});

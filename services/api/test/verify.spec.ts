import { expect } from 'chai';
import { PNG } from 'pngjs';
import request from 'supertest';
import { buildVaccinationCredential, createIssuer, issueCredential } from '@healthcred/credentials';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQr, encodeDivocQr, renderQrPng } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { ISSUER_URL, TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { mockVaccinationRecord } from '../../../packages/credentials/test/fixtures/records.js';

type Result = { verified: boolean; checks: string[]; warnings: string[]; errors: { check: string; code: string; message: string }[] };

describe('API: public verification', () => {
  let api: TestApi;
  let certificateId: string;
  let credential: SignedHealthCredential;
  const verify = async (verifiableCredential: unknown) =>
    (await request(api.app).post('/credentials/verify').send({ verifiableCredential }).expect(200)).body as Result;

  beforeEach(async () => {
    api = startApi();
    ({ certificateId, credential } = await api.issue(1));
  });
  afterEach(() => api.close());

  it('should say verified for an issued credential, with every check named, revocation included', async () => {
    const result = await verify(credential);
    expect(result).to.deep.equal({ verified: true, checks: ['structure', 'dates', 'proof', 'issuer_key', 'status'], warnings: [], errors: [] });
  });

  it('should say not verified, naming the proof check, after any field is changed, and echo no personal data', async () => {
    const tampered = structuredClone(credential);
    (tampered.evidence[0] as { batch: string }).batch = 'OTHER-LOT';
    const result = await verify(tampered);
    expect(result.verified).to.equal(false);
    expect(result.errors.map((e) => e.check)).to.deep.equal(['proof']);
    expect(JSON.stringify(result)).to.not.contain(credential.credentialSubject.name).and.not.contain('OTHER-LOT');
  });

  it('should say not verified for a credential signed with a key the issuer does not publish', async () => {
    const impostor = createIssuer({ keys: generateIssuerKeySet({ did: api.issuer.did }), url: ISSUER_URL });
    const forged = await issueCredential({
      credential: buildVaccinationCredential(mockVaccinationRecord(), { issuer: impostor, certificateId, issuedAt: new Date().toISOString() }),
      issuer: impostor,
    });
    const result = await verify(forged);
    expect(result.verified).to.equal(false);
    expect(result.errors[0]).to.include({ check: 'issuer_key' });
  });

  it('should say not verified for an expired credential, naming the dates check', async () => {
    const issuedAt = new Date(Date.now() - 30 * 86_400_000);
    const expired = await issueCredential({
      credential: buildVaccinationCredential(mockVaccinationRecord(), {
        issuer: api.issuer, certificateId, issuedAt: issuedAt.toISOString(), expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
      }),
      issuer: api.issuer, now: issuedAt,
    });
    const result = await verify(expired);
    expect(result.verified).to.equal(false);
    expect(result.errors[0]).to.include({ check: 'dates', code: 'expired' });
  });

  it('should say revoked and suspended for the new credential\'s entries, and verified again once reinstated', async () => {
    const admin = (action: string) => request(api.app).post(`/admin/certificates/${certificateId}/${action}`)
      .set('Authorization', `Bearer ${TOKENS.amara}`).send({ reason: 'holder reported a lost card' }).expect(200);
    await admin('suspend');
    expect((await verify(credential)).errors).to.deep.include({ check: 'status', code: 'suspended', message: 'The issuer has suspended this credential.' });
    await admin('reinstate');
    expect((await verify(credential)).verified).to.equal(true);
    await admin('revoke');
    expect((await verify(credential)).errors).to.deep.include({ check: 'status', code: 'revoked', message: 'The issuer has revoked this credential.' });
  });

  describe('POST /verify/qr', () => {
    it('should verify an uploaded QR image, and QR payloads given as text or bytes', async () => {
      const image = await renderQrPng(encodeDivocQr(credential));
      const fromImage = await request(api.app).post('/verify/qr').set('Content-Type', 'image/png').send(image).expect(200);
      expect(fromImage.body).to.include({ verified: true, format: 'divoc' });
      expect(fromImage.body.credential.id).to.equal(credential.id);
      const compact = await request(api.app).post('/verify/qr').send({ payload: encodeCompactQr(credential) }).expect(200);
      expect(compact.body).to.include({ verified: true, format: 'compact' });
      const bytes = Buffer.from(encodeDivocQr(credential)).toString('base64');
      expect((await request(api.app).post('/verify/qr').send({ payloadBase64: bytes }).expect(200)).body.verified).to.equal(true);
    });

    it('refuses an image without a QR code, and a body without a payload, with a clear 400', async () => {
      const white = new PNG({ width: 64, height: 64 });
      white.data.fill(255);
      const blank = await request(api.app).post('/verify/qr').set('Content-Type', 'image/png').send(PNG.sync.write(white)).expect(400);
      expect(blank.body.error.code).to.equal('invalid_input');
      const noPayload = await request(api.app).post('/verify/qr').send({ text: 'hello' }).expect(400);
      expect(noPayload.body.error.message).to.contain('"payload"');
      const notQr = await request(api.app).post('/verify/qr').send({ payload: 'not a credential' }).expect(400);
      expect(notQr.body.error.code).to.equal('invalid_input');
    });
  });

  describe('malformed requests', () => {
    it('answers bad JSON, 5 MB bodies, wrong content types and deep nesting with a clear 4xx and no stack trace', async () => {
      const post = () => request(api.app).post('/credentials/verify');
      const responses = [
        [await post().set('Content-Type', 'application/json').send('{"verifiableCredential":'), 400, 'not valid JSON'],
        [await post().set('Content-Type', 'application/json').send(`{"a":"${'x'.repeat(5 * 1024 * 1024)}"}`), 413, 'too large'],
        [await post().set('Content-Type', 'text/plain').send('hello'), 415, 'must be application/json'],
        [await post().set('Content-Type', 'application/json').send(`${'['.repeat(5000)}${']'.repeat(5000)}`), 400, 'nested'],
        [await post().send({ credential: {} }), 400, 'verifiableCredential'],
      ] as const;
      for (const [response, status, message] of responses) {
        expect(response.status, message).to.equal(status);
        expect(response.body.error.message).to.contain(message);
        expect(response.text).to.not.match(/at .*\.[jt]s|node_modules/);
      }
    });

    it('should limit verification requests per client', async () => {
      const limited = startApi({ VERIFY_REQUESTS_PER_MINUTE: '3' });
      try {
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await request(limited.app).post('/credentials/verify').send({ verifiableCredential: {} })).status);
        expect(statuses).to.deep.equal([200, 200, 200, 429]);
      } finally {
        await limited.close();
      }
    });
  });
});

import { expect } from 'chai';
import { PNG } from 'pngjs';
import request from 'supertest';
import { buildVaccinationCredential, createIssuer, issueCredential, trustEntryOf } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQr, encodeCompactQrV3, encodeDivocQr, renderQrPng } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { ISSUER_URL, TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { didKeyIssuer } from '@healthcred/testing';
import { mockVaccinationRecord } from '@healthcred/testing';

type Result = {
  verified: boolean; checks: string[]; warnings: string[]; errors: { check: string; code: string; message: string }[];
  issuer?: { id: string; trusted: boolean; name?: string; country?: string };
};

describe('API: public verification', () => {
  let api: TestApi;
  let certificateId: string;
  let credential: SignedHealthCredential;
  /** POST /credentials/verify: 200 only when verified, 400 with the same body when not (VC API). */
  const verify = async (verifiableCredential: unknown) => {
    const response = await request(api.app).post('/credentials/verify').send({ verifiableCredential });
    const result = response.body as Result;
    expect(response.status, JSON.stringify(result.errors)).to.equal(result.verified ? 200 : 400);
    expect(result).to.have.property('verified').that.is.a('boolean');
    return result;
  };
  /** POST /verify/qr with the credential's DIVOC QR payload. */
  const verifyQr = async (payload: SignedHealthCredential) => {
    const response = await request(api.app).post('/verify/qr').send({ payloadBase64: Buffer.from(encodeDivocQr(payload)).toString('base64') });
    expect(response.status).to.equal(response.body.verified ? 200 : 400);
    return response.body as Result;
  };
  const forge = async (signer: ReturnType<typeof createIssuer>) => issueCredential({
    credential: buildVaccinationCredential(mockVaccinationRecord(), { issuer: signer, certificateId, issuedAt: new Date().toISOString() }),
    issuer: signer,
  });

  beforeEach(async () => {
    api = startApi();
    ({ certificateId, credential } = await api.issue(1));
  });
  afterEach(() => api.close());

  it('should say verified for an issued credential, with every check named, revocation included', async () => {
    const result = await verify(credential);
    expect(result).to.deep.equal({
      verified: true, checks: ['structure', 'issuer', 'contexts', 'holder', 'dates', 'issuer_key', 'proof', 'status'],
      warnings: [], errors: [], issuer: { id: api.issuer.did, trusted: true, name: 'localhost:8080', country: 'ZZ' },
    });
  });

  describe('attacks, on both routes', () => {
    it('rejects a credential signed by a fresh did:key naming itself as issuer, naming the issuer', async () => {
      const forger = didKeyIssuer();
      const forged = await forge(forger);
      for (const result of [await verify(forged), await verifyQr(forged)]) {
        expect(result.verified).to.equal(false);
        expect(result.errors).to.deep.equal([{
          check: 'issuer', code: 'untrusted_issuer', message: `The issuer ${forger.did} is not on this verifier's trust list.`,
        }]);
        expect(result.issuer).to.deep.equal({ id: forger.did, trusted: false });
      }
    });

    it('rejects a credential of a did:web issuer that is not on the trust list', async () => {
      const forged = await forge(createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:evil.example' }), url: ISSUER_URL }));
      for (const result of [await verify(forged), await verifyQr(forged)]) {
        expect(result.errors[0]).to.include({ check: 'issuer', code: 'untrusted_issuer' });
      }
    });

    it('rejects a genuine credential whose name and birth date were hidden behind an inline context', async () => {
      const stripped = structuredClone(credential) as any;
      stripped['@context'].push({ nm: 'http://schema.org/name', bd: 'http://schema.org/birthDate' });
      const { name, dob } = stripped.credentialSubject;
      delete stripped.credentialSubject.name;
      delete stripped.credentialSubject.dob;
      Object.assign(stripped.credentialSubject, { nm: name, bd: dob });
      for (const result of [await verify(stripped), await verifyQr(stripped)]) {
        expect(result.verified).to.equal(false);
        expect(result.errors[0]).to.include({ check: 'contexts', code: 'unknown_context' });
      }
    });

    it('rejects a credential whose JSON names a member twice, on the raw body and in a QR', async () => {
      const json = JSON.stringify(credential).replace('"dob":', '"name":"Someone Else","dob":');
      const body = await request(api.app).post('/credentials/verify').set('Content-Type', 'application/json')
        .send(`{"verifiableCredential":${json}}`).expect(400);
      expect(body.body).to.deep.include({ verified: false, checks: [] });
      expect(body.body.errors).to.deep.equal([{
        check: 'structure', code: 'duplicate_member', message: 'verifiableCredential.credentialSubject has the member "name" twice.',
      }]);
      const qr = await request(api.app).post('/verify/qr').send({ payload: json }).expect(400);
      expect(qr.body.errors[0]).to.include({ check: 'structure', code: 'duplicate_member' });
    });

    it('rejects a credential with a __proto__ member', async () => {
      const json = JSON.stringify(credential).replace('"dob":', '"__proto__":{"name":"x"},"dob":');
      const response = await request(api.app).post('/credentials/verify').set('Content-Type', 'application/json')
        .send(`{"verifiableCredential":${json}}`).expect(400);
      expect(response.body.errors[0]).to.include({ check: 'structure', code: 'forbidden_member' });
    });
  });

  it('should publish the trust list it verifies against, this issuer first, with its current keys', async () => {
    const { body } = await request(api.app).get('/trust-list').expect(200);
    expect(body.issuers).to.have.length(1);
    expect(body.issuers[0]).to.deep.include({ did: api.issuer.did, name: 'localhost:8080', country: 'ZZ', contextBaseUrls: [ISSUER_URL] });
    expect(body.issuers[0].didDocument).to.deep.equal(api.issuer.didDocument);
  });

  describe('CORS', () => {
    it('lets any origin read the public documents and call the verify routes, with preflight', async () => {
      for (const path of ['/.well-known/did.json', '/trust-list', '/credentials/vaccination/v1', '/status', '/status/1']) {
        const response = await request(api.app).get(path).set('Origin', 'https://verifier.example').expect(200);
        expect(response.headers['access-control-allow-origin'], path).to.equal('*');
      }
      const preflight = await request(api.app).options('/credentials/verify').set('Origin', 'https://verifier.example')
        .set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type').expect(204);
      expect(preflight.headers).to.include({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS' });
      expect(preflight.headers['access-control-allow-headers']).to.equal('Content-Type');
      const posted = await request(api.app).post('/verify/qr').set('Origin', 'https://verifier.example')
        .send({ payloadBase64: Buffer.from(encodeDivocQr(credential)).toString('base64') }).expect(200);
      expect(posted.headers['access-control-allow-origin']).to.equal('*');
    });

    it('never on citizen, issuing or admin routes', async () => {
      for (const [method, path] of [['get', `/certificates/${certificateId}?dob=1985-04-12`], ['options', `/certificates/${certificateId}`],
        ['post', '/credentials/issue'], ['get', '/admin/audit'], ['options', '/admin/audit'], ['post', '/dhis2/webhook']] as const) {
        const response = await request(api.app)[method](path).set('Origin', 'https://evil.example');
        expect(response.headers, `${method} ${path}`).to.not.have.property('access-control-allow-origin');
      }
    });
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
    const result = await verify(await forge(createIssuer({ keys: generateIssuerKeySet({ did: api.issuer.did }), url: ISSUER_URL })));
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

    it('should verify a compact v3 (CBOR-LD) payload, as text and as a QR image, and refuse one of an unknown issuer', async () => {
      const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [api.issuer.didDocument] });
      const payload = await encodeCompactQrV3(credential, { issuer: trustEntryOf(api.issuer, { name: 'MoH', country: 'ZZ' }), documentLoader });
      const asText = await request(api.app).post('/verify/qr').send({ payload }).expect(200);
      expect(asText.body).to.include({ verified: true, format: 'compact' });
      expect(asText.body.credential.id).to.equal(credential.id);
      const image = await renderQrPng(payload);
      expect((await request(api.app).post('/verify/qr').set('Content-Type', 'image/png').send(image).expect(200)).body.verified).to.equal(true);
      const other = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:other.example' }), url: 'https://other.example' });
      const foreign = await encodeCompactQrV3(await forge(other), {
        issuer: trustEntryOf(other, { name: 'Other', country: 'ZZ' }),
        documentLoader: createDocumentLoader({ contextBaseUrls: ['https://other.example'], didDocuments: [other.didDocument] }),
      });
      const refused = await request(api.app).post('/verify/qr').send({ payload: foreign }).expect(400);
      expect(refused.body.error).to.include({ code: 'invalid_input' });
      expect(refused.body.error.message).to.match(/trust list/);
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
        expect(statuses).to.deep.equal([400, 400, 400, 429]);
      } finally {
        await limited.close();
      }
    });
  });
});

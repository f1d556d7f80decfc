import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '@healthcred/api';
import { openSqliteBus, type EventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { buildVaccinationCredential, createIssuer, issueCredential, verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader, readHealthcredContexts } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { createLogger } from '@healthcred/runtime';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import type { Express } from 'express';

const ISSUER_URL = 'http://localhost:8080';
const WEBHOOK_TOKEN = 'webhook-token-0123456789';
const topics = loadConfig({}).topics;

describe('API (createApp)', () => {
  let app: Express;
  let store: CredentialStore;
  let bus: EventBus;
  let issuer: ReturnType<typeof createIssuer>;
  let certificateId: string;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-api-'));
    store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    bus = openSqliteBus({ path: join(dir, 'events.sqlite') });
    issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: ISSUER_URL });
    app = createApp({
      store, bus, topics, didDocument: issuer.didDocument, contexts: readHealthcredContexts(),
      dhis2WebhookToken: WEBHOOK_TOKEN, payloadLimitBytes: 1024 * 1024, logger: createLogger({ name: 'test', level: 'silent' }),
    });
    const record = (await import('../../../packages/credentials/test/fixtures/records.js')).mockVaccinationRecord();
    certificateId = '7K3M-9QXP-2RB4';
    const credential = await issueCredential({
      credential: buildVaccinationCredential(record, { issuer, certificateId, issuedAt: new Date().toISOString() }), issuer,
    });
    await store.saveIssued({
      certificateId, credentialId: credential.id, kind: 'vaccination', sourceKey: 'test:1', contentHash: 'a'.repeat(64),
      subjectId: credential.credentialSubject.id, dob: record.recipient.dob, issuedAt: credential.issuanceDate, credential,
    });
  });

  after(async () => {
    await bus.close();
    await store.close();
  });

  it('should answer /health and /ready', async () => {
    expect((await request(app).get('/health')).body).to.deep.equal({ status: 'ok' });
    expect((await request(app).get('/ready')).body).to.deep.equal({ status: 'ready', down: [] });
  });

  it('should publish the DID document and the contexts so an outside verifier can check a credential', async () => {
    const did = await request(app).get('/.well-known/did.json').expect(200);
    expect(did.headers['content-type']).to.match(/application\/did\+json/);
    const vaccination = await request(app).get('/credentials/vaccination/v1').expect(200);
    expect(vaccination.headers['cache-control']).to.contain('immutable');
    const credential = (await request(app).get(`/certificates/${certificateId}?dob=1985-04-12`).expect(200)).body;
    // Only what was fetched over HTTP: the DID document and the context, mapped at the URL the credential names.
    const documentLoader = createDocumentLoader({
      contextBaseUrls: [ISSUER_URL], didDocuments: [JSON.parse(did.text)],
      contexts: new Map([['credentials/vaccination/v1', JSON.parse(vaccination.text)]]),
    });
    expect(await verifyCredential({ credential, documentLoader })).to.include({ verified: true });
  });

  it('should set security headers on every answer', async () => {
    const response = await request(app).get('/health');
    expect(response.headers).to.include({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    expect(response.headers).to.not.have.property('x-powered-by');
  });

  describe('GET /certificates/{id}', () => {
    it('should return the credential for the right id and birth date, in any typed form of the id', async () => {
      const response = await request(app).get('/certificates/7k3m9qxp2rb4?dob=1985-04-12').expect(200);
      expect(response.body.evidence[0].certificateId).to.equal(certificateId);
      expect(response.headers['cache-control']).to.equal('private, no-store');
    });

    it('answers a wrong birth date exactly like an unknown id', async () => {
      const wrong = await request(app).get(`/certificates/${certificateId}?dob=1985-04-13`);
      const unknown = await request(app).get('/certificates/AAAA-BBBB-CCCC?dob=1985-04-12');
      const missing = await request(app).get(`/certificates/${certificateId}`);
      for (const response of [wrong, unknown, missing]) {
        expect(response.status).to.equal(404);
        expect(response.body).to.deep.equal(unknown.body);
      }
    });
  });

  describe('POST /dhis2/webhook', () => {
    it('should put the payload on the DHIS2 topic when the token is right', async () => {
      const received: string[] = [];
      const subscription = await bus.subscribe({
        groupId: 'webhook-test', topics: [topics.dhis2], fromBeginning: true,
        handle: async (message) => { received.push(message.value); },
      });
      await request(app).post('/dhis2/webhook').set('Authorization', `Bearer ${WEBHOOK_TOKEN}`)
        .send({ trackedEntity: 'abc', attributes: [] }).expect(202);
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await subscription.stop();
      expect(received.map((value) => JSON.parse(value))).to.deep.include({ trackedEntity: 'abc', attributes: [] });
    });

    it('refuses a request without the token, or with a wrong one', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', WEBHOOK_TOKEN]) {
        const call = request(app).post('/dhis2/webhook').send({});
        const response = await (authorization ? call.set('Authorization', authorization) : call);
        expect(response.status).to.equal(401);
        expect(response.body.error.code).to.equal('unauthorized');
      }
    });

    it('answers malformed bodies with a clear 4xx and no stack trace', async () => {
      const auth = { Authorization: `Bearer ${WEBHOOK_TOKEN}` };
      const badJson = await request(app).post('/dhis2/webhook').set(auth).set('Content-Type', 'application/json').send('{"a":');
      expect(badJson.status).to.equal(400);
      expect(badJson.body).to.deep.equal({ error: { code: 'invalid_input', message: 'The body is not valid JSON.' } });
      const large = await request(app).post('/dhis2/webhook').set(auth).set('Content-Type', 'application/json')
        .send(`{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`);
      expect(large.status).to.equal(413);
      const text = await request(app).post('/dhis2/webhook').set(auth).set('Content-Type', 'text/plain').send('hello');
      expect(text.status).to.equal(415);
      for (const response of [badJson, large, text]) expect(response.text).to.not.match(/at .*\.js|node_modules/);
    });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await request(app).get('/nope').expect(404);
    expect(response.body.error.code).to.equal('not_found');
  });
});

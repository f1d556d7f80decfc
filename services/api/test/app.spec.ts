import { expect } from 'chai';
import request from 'supertest';
import { trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { ISSUER_URL, TOKENS, startApi, type TestApi } from './fixtures/api.js';

const WEBHOOK_TOKEN = TOKENS.webhook;

describe('API (createApp): publication, health, the DHIS2 webhook', () => {
  let api: TestApi;
  let app: TestApi['app'];
  let bus: TestApi['bus'];
  let certificateId: string;
  const topics = { dhis2: 'dhis2.hooks' };

  before(async () => {
    api = startApi();
    ({ app, bus } = api);
    ({ certificateId } = await api.issue(1));
  });

  after(() => api.close());

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
    const didDocument = JSON.parse(did.text);
    const trustedIssuers = [trustEntryOf({ did: didDocument.id, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
    expect(await verifyCredential({ credential, documentLoader, trustedIssuers, checkStatus: async () => 'valid' })).to.include({ verified: true });
  });

  it('should set security headers on every answer', async () => {
    const response = await request(app).get('/health');
    expect(response.headers).to.include({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    expect(response.headers).to.not.have.property('x-powered-by');
  });

  describe('GET /certificates/{id}', () => {
    it('should return the credential for the right id and birth date, in any typed form of the id', async () => {
      const typed = certificateId.toLowerCase().replaceAll('-', '');
      const response = await request(app).get(`/certificates/${typed}?dob=1985-04-12`).expect(200);
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
    it("should put the payload on the DHIS2 topic when the token is right, keyed by the person's tracked entity", async () => {
      const received: { key?: string; value: string }[] = [];
      const subscription = await bus.subscribe({
        groupId: 'webhook-test', topics: [topics.dhis2], fromBeginning: true,
        handle: async (message) => { received.push(message); },
      });
      const payload = { trackedEntity: 'PQfMcpmXeFE', attributes: [], enrollments: [] };
      await request(app).post('/dhis2/webhook').set('Authorization', `Bearer ${WEBHOOK_TOKEN}`).send(payload).expect(202);
      await request(app).post('/dhis2/webhook').set('Authorization', `Bearer ${WEBHOOK_TOKEN}`)
        .send({ trackedEntity: 'abc', attributes: [] }).expect(202);
      for (let i = 0; i < 100 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      await subscription.stop();
      expect(received.find((m) => m.value === JSON.stringify(payload))).to.have.property('key', 'PQfMcpmXeFE');
      // One it cannot read goes on unkeyed: the issuer dead-letters it with the reason.
      const unreadable = received.find((m) => JSON.parse(m.value).trackedEntity === 'abc');
      expect(unreadable).to.not.equal(undefined);
      expect(unreadable!.key).to.equal(undefined);
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

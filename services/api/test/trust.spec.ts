import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { buildVaccinationCredential, createIssuer, issueCredential, type Issuer } from '@healthcred/credentials';
import { buildTrustList, createDccTestPki } from '@healthcred/dcc';
import { generateIssuerKeySet, urlFromDidWeb } from '@healthcred/issuer-identity';
import { fromDccGatewayRecords, fromGdhcnDocument } from '@healthcred/trust';
import { TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { serveJson, startDidServer } from '@healthcred/testing';
import { mockVaccinationRecord } from '@healthcred/testing';

const INDIA = { did: 'did:web:certificates.health.gov.in', url: 'https://certificates.health.gov.in' };
const AUTHORITY = { name: 'Ministry of Health and Family Welfare, India', country: 'IN' };
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('API: the trust list', () => {
  let api: TestApi;
  let india: Issuer;
  const indiaCredential = () => issueCredential({
    credential: buildVaccinationCredential(mockVaccinationRecord(), { issuer: india, certificateId: 'AAAA-BBBB-CCCC', issuedAt: new Date().toISOString() }),
    issuer: india,
  });
  const verify = (credential: unknown) => request(api.app).post('/credentials/verify').send({ verifiableCredential: credential });
  const add = (body: object, token = TOKENS.amara) => request(api.app).post('/admin/trust').set(as(token)).send(body);

  beforeEach(() => {
    api = startApi({ ISSUER_AUTHORITY_NAME: 'Ministry of Health, Sri Lanka', ISSUER_COUNTRY: 'LK' }, { trustList: true });
    india = createIssuer({ keys: generateIssuerKeySet({ did: INDIA.did }), url: INDIA.url });
  });
  afterEach(() => api.close());

  describe('administration, negative', () => {
    it('refuses to change the trust list without an admin token, and changes nothing', async () => {
      for (const headers of [{}, as('wrong-token-0123456789'), as(TOKENS.issue)]) {
        await request(api.app).post('/admin/trust').set(headers).send({ ...INDIA, ...AUTHORITY, resolve: 'did:web', reason: 'test' }).expect(401);
        await request(api.app).delete(`/admin/trust/${encodeURIComponent(INDIA.did)}`).set(headers).send({ reason: 'test' }).expect(401);
        await request(api.app).get('/admin/trust').set(headers).expect(401);
      }
      expect(api.trustList!.entries()).to.deep.equal([]);
      expect((await api.store.listAudit()).map((e) => e.action), 'only the wrong tokens, once').to.deep.equal(['auth.failure']);
    });

    it('refuses an entry without a reason, with a bad country, a did:key, or a DID document that is another DID\'s', async () => {
      const entry = { did: INDIA.did, ...AUTHORITY, didDocument: india.didDocument, reason: 'bilateral agreement' };
      const field = async (body: object) => (await add(body).expect(400)).body.error.field;
      expect(await field({ ...entry, reason: undefined })).to.equal('reason');
      expect(await field({ ...entry, country: 'IND' })).to.equal('country');
      expect(await field({ ...entry, did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', didDocument: undefined, resolve: 'did:web' })).to.equal('did');
      const forged = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:evil.example' }), url: INDIA.url });
      expect(await field({ ...entry, didDocument: forged.didDocument })).to.equal('didDocument.id');
      expect(api.trustList!.entries()).to.deep.equal([]);
    });

    it('refuses this issuer itself, the same DID twice, and removing a DID that is not there', async () => {
      await add({ did: api.issuer.did, name: 'Us', country: 'LK', didDocument: api.issuer.didDocument, reason: 'ourselves' }).expect(409);
      await add({ did: INDIA.did, ...AUTHORITY, didDocument: india.didDocument, reason: 'bilateral agreement' }).expect(201);
      await add({ did: INDIA.did, ...AUTHORITY, didDocument: india.didDocument, reason: 'again' }).expect(409);
      await request(api.app).delete('/admin/trust/did%3Aweb%3Amoh.gov.bd').set(as(TOKENS.amara)).send({ reason: 'cleanup' }).expect(404);
      expect((await api.store.listAudit()).map((entry) => entry.action)).to.deep.equal(['trust.add']);
    });

    it('refuses changes on a server without an editable trust list, but still lists this issuer', async () => {
      const readOnly = startApi();
      try {
        await request(readOnly.app).post('/admin/trust').set(as(TOKENS.amara)).send({ did: INDIA.did, ...AUTHORITY, resolve: 'did:web', reason: 'test' }).expect(409);
        const { body } = await request(readOnly.app).get('/admin/trust').set(as(TOKENS.kasun)).expect(200);
        expect(body).to.deep.equal({ self: { did: readOnly.issuer.did, name: 'localhost:8080', country: 'ZZ' }, entries: [] });
      } finally {
        await readOnly.close();
      }
    });
  });

  it('should refuse another country\'s credential until it is trusted (pinned), then name its authority; audited', async () => {
    const credential = await indiaCredential();
    const before = await verify(credential).expect(400);
    expect(before.body.errors).to.deep.equal([{
      check: 'issuer', code: 'untrusted_issuer', message: `The issuer ${INDIA.did} is not on this verifier's trust list.`,
    }]);

    const added = await add({ did: INDIA.did, ...AUTHORITY, didDocument: india.didDocument, reason: 'bilateral agreement 2026-14' }).expect(201);
    expect(added.body).to.deep.include({ did: INDIA.did, ...AUTHORITY, addedBy: 'amara' });

    const after = await verify(credential).expect(200);
    expect(after.body).to.deep.include({ verified: true, errors: [] });
    const policy = (await request(api.app).get('/health')).headers['content-security-policy'];
    expect(policy, 'the verifier page may fetch the trusted issuer\'s status lists').to.match(/connect-src 'self'[^;]* https:\/\/certificates\.health\.gov\.in[ ;]/);
    expect(after.body.issuer).to.deep.equal({ id: INDIA.did, trusted: true, ...AUTHORITY });
    const { issuers } = (await request(api.app).get('/trust-list').expect(200)).body;
    expect(issuers.map((issuer: { did: string }) => issuer.did)).to.deep.equal([api.issuer.did, INDIA.did]);
    expect(issuers[1]).to.deep.equal({ did: INDIA.did, ...AUTHORITY, didDocument: india.didDocument });

    const listed = (await request(api.app).get('/admin/trust').set(as(TOKENS.kasun)).expect(200)).body;
    expect(listed.self).to.deep.equal({ did: api.issuer.did, name: 'Ministry of Health, Sri Lanka', country: 'LK' });
    expect(listed.entries).to.have.length(1);
    expect(listed.entries[0]).to.deep.include({ did: INDIA.did, active: true, addedBy: 'amara' });

    await request(api.app).delete(`/admin/trust/${encodeURIComponent(INDIA.did)}`).set(as(TOKENS.kasun)).send({ reason: 'agreement ended' }).expect(200);
    expect((await verify(credential).expect(400)).body.errors[0].code).to.equal('untrusted_issuer');
    expect((await request(api.app).get('/health')).headers['content-security-policy']).to.not.contain(new URL(INDIA.url).origin);
    const { entries } = (await request(api.app).get(`/admin/audit?target=${encodeURIComponent(INDIA.did)}`).set(as(TOKENS.amara)).expect(200)).body;
    expect(entries.map((entry: Record<string, unknown>) => [entry.actor, entry.action, entry.reason, entry.details])).to.deep.equal([
      ['kasun', 'trust.remove', 'agreement ended', { ...AUTHORITY, document: 'pinned' }],
      ['amara', 'trust.add', 'bilateral agreement 2026-14', { ...AUTHORITY, document: 'pinned' }],
    ]);
  });

  it('should trust a did:web issuer resolved from its server, and refuse one whose server cannot be reached', async () => {
    const server = await startDidServer();
    try {
      const remote = createIssuer({ keys: generateIssuerKeySet({ did: server.did }), url: urlFromDidWeb(server.did) });
      await add({ did: server.did, name: 'Test authority', country: 'XA', resolve: 'did:web', reason: 'pilot' }).expect(400);
      server.answer(serveJson(remote.didDocument));
      const added = await add({ did: server.did, name: 'Test authority', country: 'XA', resolve: 'did:web', reason: 'pilot' }).expect(201);
      expect(added.body).to.not.have.property('didDocument');
      const credential = await issueCredential({
        credential: buildVaccinationCredential(mockVaccinationRecord(), { issuer: remote, certificateId: 'AAAA-BBBB-CCCC', issuedAt: new Date().toISOString() }),
        issuer: remote,
      });
      expect((await verify(credential).expect(200)).body.issuer).to.deep.equal({ id: server.did, trusted: true, name: 'Test authority', country: 'XA' });
      const [entry] = (await request(api.app).get('/admin/trust').set(as(TOKENS.amara)).expect(200)).body.entries;
      expect(entry).to.include({ did: server.did, resolve: 'did:web', active: true }).and.have.property('fetchedAt');
    } finally {
      await server.close();
    }
  });

  describe('publication of this issuer\'s own entry', () => {
    it('should publish a GDHCN DID document, cross-origin, that imports back as this issuer\'s keys', async () => {
      const response = await request(api.app).get('/trust/gdhcn.json').expect(200)
        .expect('Content-Type', /application\/did\+json/).expect('Access-Control-Allow-Origin', '*');
      const imported = fromGdhcnDocument(JSON.parse(response.text), { name: 'Ministry of Health, Sri Lanka', country: 'LK' });
      expect(imported.issuers.map((issuer) => issuer.didDocument)).to.deep.equal([api.issuer.didDocument]);
      expect(imported.dscs).to.deep.equal([]);
      expect((await request(api.app).get('/trust/dcc-gateway.json').expect(200).expect('Access-Control-Allow-Origin', '*')).body).to.deep.equal([]);
    });

    it('should publish the EU DCC DSC in both forms when EU DCC is on', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'healthcred-trust-dcc-'));
      const pki = createDccTestPki({ country: 'LK' });
      writeFileSync(join(dir, 'dsc.pem'), pki.dsc.certificatePem);
      writeFileSync(join(dir, 'dsc-key.pem'), pki.dsc.privateKeyPem, { mode: 0o600 });
      const withDcc = startApi({ DCC_DSC_CERT_FILE: join(dir, 'dsc.pem'), DCC_DSC_KEY_FILE: join(dir, 'dsc-key.pem'), DCC_COUNTRY: 'LK' });
      try {
        const dsc = buildTrustList([pki.dsc.certificatePem]);
        const records = (await request(withDcc.app).get('/trust/dcc-gateway.json').expect(200)).body;
        expect(fromDccGatewayRecords(records).dscs).to.deep.equal(dsc);
        const gdhcn = (await request(withDcc.app).get('/trust/gdhcn.json').expect(200)).text;
        expect(fromGdhcnDocument(JSON.parse(gdhcn), { name: 'MoH', country: 'LK' }).dscs).to.deep.equal(dsc);
      } finally {
        await withDcc.close();
      }
    });
  });
});

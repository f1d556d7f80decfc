// DIVOC certificates through the API: POST /credentials/verify and /verify/qr, with DIVOC's revocation route asked of
// a real HTTP server, and DIVOC's own QR images when ../shared/conformance/divoc is present.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { encodeDivocQr, renderQrPng } from '@healthcred/qr';
import { startApi, TOKENS, type TestApi } from './fixtures/api.js';
import {
  DIVOC_ISSUER, DIVOC_NAMESPACE, divocCertificate, divocTestKey, signWithDivoc, type DivocTestKey,
} from '@healthcred/testing';
import {
  CONFORMANCE_CERTIFICATES, conformanceIssuer, divocConformanceDir, DIVOC_DATA_NOTICE,
} from '@healthcred/testing';
import { revocationServer } from '@healthcred/testing';

type Result = { verified: boolean; checks: string[]; warnings: { code: string; message: string }[]; errors: { check: string; code: string }[] };

function trustListFile(entries: object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'healthcred-divoc-trust-')), 'trust-list.json');
  writeFileSync(file, JSON.stringify(entries.map((entry) => ({ ...entry, added: '2026-01-01T00:00:00Z', addedBy: 'test' }))));
  return file;
}

describe('API: DIVOC certificates', () => {
  let key: DivocTestKey;
  let api: TestApi;
  const revocation = revocationServer((certificate) => ({ '7781': 404, revoked: 200, broken: 500 })[certificate.credentialSubject.refId as string] ?? 404);
  let revocationUrl: string;

  const sign = (refId = '7781') => {
    const certificate = divocCertificate() as Record<string, any>;
    certificate.credentialSubject.refId = refId;
    return signWithDivoc(certificate, key);
  };
  const verify = async (verifiableCredential: unknown) => {
    const response = await request(api.app).post('/credentials/verify').send({ verifiableCredential });
    expect(response.status).to.equal(response.body.verified ? 200 : 400);
    return response.body as Result;
  };
  const entry = (extra: object = {}) => ({
    did: DIVOC_ISSUER, name: 'MoH Sri Lanka (DIVOC)', country: 'LK',
    divoc: { keys: [key.trusted], contexts: { [DIVOC_NAMESPACE]: 'vaccination/v1' }, ...extra },
  });

  before(async () => {
    key = divocTestKey('RSA');
    revocationUrl = await revocation.listen();
  });
  after(() => new Promise((resolve) => revocation.server.close(resolve)));
  afterEach(() => api?.close());

  describe('with a DIVOC revocation route on the trust entry', () => {
    beforeEach(() => {
      api = startApi({ HEALTHCRED_TRUST_LIST_FILE: trustListFile([entry({ revocationUrl })]) }, { trustList: true });
    });

    describe('negative', () => {
      it('answers revoked when the route answers 200, and not checkable (status_unavailable) for another status', async () => {
        const revoked = await verify(await sign('revoked'));
        expect(revoked.errors).to.deep.equal([{ check: 'status', code: 'revoked', message: 'The issuer has revoked this certificate.' }]);
        const broken = await verify(await sign('broken'));
        expect(broken.errors.map((error) => error.code)).to.deep.equal(['status_unavailable']);
      });

      it('refuses a tampered certificate and never asks the route about it', async () => {
        const tampered = await sign() as Record<string, any>;
        tampered.credentialSubject.name = 'Someone Else';
        const before = revocation.received.length;
        expect((await verify(tampered)).errors.map((error) => error.code)).to.deep.equal(['invalid_signature']);
        expect(revocation.received.length).to.equal(before);
      });

      it('refuses a certificate whose JSON text names a member twice', async () => {
        const text = JSON.stringify({ verifiableCredential: await sign() }).replace('"name":', '"name":"Someone Else","name":');
        const response = await request(api.app).post('/credentials/verify').set('Content-Type', 'application/json').send(text);
        expect(response.status).to.equal(400);
        expect(response.body.errors[0]).to.include({ check: 'structure', code: 'duplicate_member' });
      });
    });

    it('should verify with the revocation checked when the route answers 404, POSTing it the certificate', async () => {
      const certificate = await sign();
      const result = await verify(certificate);
      expect(result).to.deep.include({ verified: true, warnings: [], errors: [] });
      expect(result.checks).to.include('status');
      expect(revocation.received.at(-1)).to.deep.equal({
        method: 'POST', path: '/divoc/api/v1/certificate/revoked', type: 'application/json', certificate,
      });
    });

    it('should verify its DIVOC QR payload and its QR image through /verify/qr', async () => {
      const certificate = await sign();
      const payload = encodeDivocQr(certificate);
      const byPayload = await request(api.app).post('/verify/qr').send({ payloadBase64: Buffer.from(payload).toString('base64') });
      expect(byPayload.status, JSON.stringify(byPayload.body.errors)).to.equal(200);
      expect(byPayload.body).to.deep.include({ verified: true, format: 'divoc-utf8', credential: certificate });
      const image = await request(api.app).post('/verify/qr').set('Content-Type', 'image/png').send(Buffer.from(await renderQrPng(payload)));
      expect(image.status, JSON.stringify(image.body.errors)).to.equal(200);
    });
  });

  it('reports revocation not checkable (status_unavailable) when the route cannot be reached', async () => {
    const closed = revocationServer(() => 404);
    const url = await closed.listen();
    await new Promise((resolve) => closed.server.close(resolve));
    api = startApi({ HEALTHCRED_TRUST_LIST_FILE: trustListFile([entry({ revocationUrl: url })]) }, { trustList: true });
    const result = await verify(await sign());
    expect(result.errors.map((error) => error.code)).to.deep.equal(['status_unavailable']);
  });

  it('should say revocation cannot be checked without a route, and list the entry on /trust-list and /admin/trust', async () => {
    api = startApi({ HEALTHCRED_TRUST_LIST_FILE: trustListFile([entry()]) }, { trustList: true });
    const result = await verify(await sign());
    expect(result.verified).to.equal(true);
    expect(result.warnings.map((warning) => warning.code)).to.deep.equal(['status_not_checked']);
    const list = await request(api.app).get('/trust-list').expect(200);
    expect(list.body.issuers[1]).to.deep.equal(entry());
    const admin = await request(api.app).get('/admin/trust').set('Authorization', `Bearer ${TOKENS.amara}`).expect(200);
    expect(admin.body.entries[0]).to.include({ did: DIVOC_ISSUER, active: true });
  });

  it('should add a DIVOC issuer through POST /admin/trust and verify its certificates at once; refuse a bad key', async () => {
    api = startApi({}, { trustList: true });
    expect((await verify(await sign())).errors[0]).to.include({ code: 'untrusted_issuer' });
    const bad = await request(api.app).post('/admin/trust').set('Authorization', `Bearer ${TOKENS.amara}`)
      .send({ ...entry(), divoc: { ...entry().divoc, keys: [{ id: 'did:srilanka:moh', publicKeyPem: 'not a key' }] }, reason: 'DIVOC migration' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.contain('divoc.keys[0].publicKeyPem');
    await request(api.app).post('/admin/trust').set('Authorization', `Bearer ${TOKENS.amara}`)
      .send({ ...entry(), reason: 'DIVOC migration' }).expect(201);
    expect((await verify(await sign())).verified).to.equal(true);
  });

  describe('DIVOC\'s own QR images (../shared/conformance/divoc)', function () {
    const dir = divocConformanceDir();
    before(function () {
      if (dir === undefined) {
        console.log(DIVOC_DATA_NOTICE);
        this.skip();
      }
    });

    for (const { file, key: signer, genuine } of CONFORMANCE_CERTIFICATES) {
      it(`should ${genuine ? 'verify' : 'refuse'} ${file} (JSON${genuine ? ' and its PNG' : ''}) with its key trusted`, async () => {
        const issuer = conformanceIssuer(dir!, signer);
        api = startApi({ HEALTHCRED_TRUST_LIST_FILE: trustListFile([{ ...issuer, name: 'DIVOC' }]) }, { trustList: true });
        const json = await verify(JSON.parse(readFileSync(join(dir!, `${file}.json`), 'utf8')));
        expect(json.verified, JSON.stringify(json.errors)).to.equal(genuine);
        if (!genuine) return expect(json.errors.map((error) => error.code)).to.deep.equal(['invalid_signature']);
        const image = await request(api.app).post('/verify/qr').set('Content-Type', 'image/png').send(readFileSync(join(dir!, `${file}.png`)));
        expect(image.status, JSON.stringify(image.body.errors)).to.equal(200);
        expect(image.body).to.deep.include({ verified: true, format: 'divoc-utf8' }); // DIVOC's layout: the zip as UTF-8 text
        expect(image.body.warnings.map((warning: { code: string }) => warning.code)).to.deep.equal(['status_not_checked']);
      });
    }
  });
});

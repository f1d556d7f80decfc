// The DIVOC credential profile end to end on the embedded tier: issued through the real issuance path, downloaded by
// the citizen, and read by DIVOC's own verifier code (certificate-signer-library, JSZip) from the JSON and from the
// QR image as zbar scans it; DIVOC's revocation route answering DIVOC's app.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { buildVaccinationCredential, createDivocIssuer } from '@healthcred/credentials';
import { type DivocProfile } from '@healthcred/types';
import { importDivocKey } from '@healthcred/issuer-identity';
import { divocConformanceDir, hasZbarimg, zbarimg } from '@healthcred/testing';
import { countryKey, divocAppScan, divocAppVerdict, divocAppVerify, type DivocAppSettings } from '@healthcred/testing';
import { FULL_FIELDS, mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';
import { DOB, startApi, TOKENS, type TestApi } from './fixtures/api.js';

const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v1';
const PROFILE: DivocProfile = {
  context: 'vaccination/v1', namespaceUrl: NAMESPACE, issuer: 'https://moh.example.gov.lk/',
  certificateBaseUrl: 'https://moh.example.gov.lk/vaccine/', infoBaseUrl: 'https://moh.example.gov.lk/?',
  feedbackBaseUrl: 'https://moh.example.gov.lk/?',
};
const REVOKED = '/divoc/api/v1/certificate/revoked';
const admin = { Authorization: `Bearer ${TOKENS.amara}` };
const issueAuth = { Authorization: `Bearer ${TOKENS.issue}` };

for (const keyType of ['RSA', 'ED25519'] as const) {
  describe(`the DIVOC credential profile through the API (${keyType})`, () => {
    const key = countryKey(keyType, 'did:srilanka:moh');
    const app: DivocAppSettings = { ...key.app, namespace: NAMESPACE, namespaceV2: `${NAMESPACE}2` };
    let api: TestApi;
    const zbar = hasZbarimg();

    beforeEach(() => {
      api = startApi({}, { divoc: createDivocIssuer({ profile: PROFILE, key: importDivocKey(key.material, 'test') }) });
    });
    afterEach(() => api.close());

    /** Issues through POST /credentials/issue, as a system would. */
    async function issue(sourceKey: string, record = mockVaccinationRecord(), kind = 'vaccination') {
      return request(api.app).post('/credentials/issue').set(issueAuth).send({ sourceKey, kind, record });
    }

    describe('negative', () => {
      it('refuses a test result, since DIVOC\'s vaccination contexts define none, naming the field', async () => {
        const response = await issue('lab:1', mockTestResultRecord() as never, 'test-result');
        expect(response.status).to.equal(400);
        expect(response.body.error).to.include({ code: 'invalid_input' });
        expect(response.body.error.message).to.match(/^kind: .*DIVOC/);
      });

      it('refuses a W3C VC API request with an expirationDate, which DIVOC credentials cannot carry, and issues it without', async () => {
        const { issuanceDate: _date, credentialStatus: _status, ...credential } = buildVaccinationCredential(mockVaccinationRecord(), {
          issuer: { did: api.issuer.did, url: api.issuer.url, credentialFields: FULL_FIELDS }, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z',
        });
        const send = (body: object) => request(api.app).post('/credentials/issue').set(issueAuth).send(body);
        const refused = await send({ credential: { ...credential, expirationDate: '2099-01-01T00:00:00Z' } }).expect(400);
        expect(refused.body.error).to.include({ code: 'invalid_input', field: 'credential.expirationDate' });
        expect(refused.body.error.message).to.contain('DIVOC credentials carry no expiry');
        expect((await send({ credential }).expect(201)).body.verifiableCredential).to.not.have.property('expirationDate');
      });

      it('answers DIVOC\'s revocation route 400 with the field for a body that is no certificate, 415 for no JSON', async () => {
        for (const [body, field] of [[{}, 'body.evidence'], [{ evidence: [] }, 'body.evidence'],
          [{ evidence: [{ certificateId: 7 }] }, 'body.evidence[0].certificateId'], [[1], 'body']] as const) {
          const response = await request(api.app).post(REVOKED).send(body as object);
          expect(response.status, JSON.stringify(body)).to.equal(400);
          expect(response.body.error.message).to.match(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}`));
        }
        const text = await request(api.app).post(REVOKED).set('Content-Type', 'text/plain').send('certificate');
        expect(text.status).to.equal(415);
      });

      it('limits DIVOC\'s revocation checks per client with the verify routes\' one limit (429 with Retry-After)', async () => {
        const limited = startApi({ VERIFY_REQUESTS_PER_MINUTE: '3' });
        try {
          const statuses = [];
          for (const path of [REVOKED, '/credentials/verify', REVOKED, REVOKED]) {
            const response = await request(limited.app).post(path).send(path === REVOKED ? { evidence: [{}] } : { verifiableCredential: {} });
            statuses.push(response.status);
            if (response.status === 429) expect(response.headers['retry-after']).to.match(/^\d+$/);
          }
          expect(statuses).to.deep.equal([404, 400, 404, 429]);
        } finally {
          await limited.close();
        }
      });

      it('answers 404 (not revoked) for a certificate that is not ours, has an odd id or none (DIVOC\'s own early form)', async () => {
        for (const evidence of [{ certificateId: '7K3M-9QXP-2RB4' }, { certificateId: 'not-an-id' }, { certificateId: '' }, {}]) {
          await request(api.app).post(REVOKED).send({ evidence: [evidence] }).expect(404);
        }
        // DIVOC's own test certificate (no certificateId), when this checkout can see the conformance data.
        const dir = divocConformanceDir();
        const shared = dir === undefined ? undefined : join(dir, 'divoc-rsa-cowin.json');
        if (shared === undefined) return console.log('NOTICE: no conformance/divoc (HEALTHCRED_CONFORMANCE_DIR): DIVOC\'s own certificate not posted.');
        await request(api.app).post(REVOKED).send(JSON.parse(readFileSync(shared, 'utf8'))).expect(404);
      });
    });

    it('should issue idempotently a certificate DIVOC\'s app verifies from the citizen\'s JSON download', async () => {
      const first = await issue('dhis2:TE1:EV1:1');
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      const { certificateId } = first.body;
      expect((await issue('dhis2:TE1:EV1:1')).body).to.include({ outcome: 'duplicate', certificateId });
      const json = await request(api.app).get(`/certificates/${certificateId}`).query({ dob: DOB }).expect(200);
      expect(json.body['@context']).to.deep.equal(['https://www.w3.org/2018/credentials/v1', NAMESPACE]);
      expect(json.body).to.not.have.property('credentialStatus');
      expect(json.body.nonTransferable).to.equal('true');
      expect(json.body.credentialSubject.age).to.equal('36');
      expect(json.body.evidence[0].certificateId).to.equal(certificateId);
      expect((await divocAppVerify(app, json.text)).verified).to.equal(true);
      await request(api.app).get(`/certificates/${certificateId}/pdf`).query({ dob: DOB }).expect(200).expect('Content-Type', /pdf/);
    });

    it('should give a QR code in DIVOC\'s own layout that zbar reads and DIVOC\'s app unzips and verifies, and not a tampered one', async function () {
      if (!zbar) this.skip();
      const { certificateId } = (await issue('dhis2:TE2:EV1:1')).body;
      const png = await request(api.app).get(`/certificates/${certificateId}/qr.png`).query({ dob: DOB })
        .buffer(true).parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => done(null, Buffer.concat(chunks)));
        }).expect(200);
      const dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-qr-'));
      writeFileSync(join(dir, 'qr.png'), png.body as Buffer);
      const scanned = zbarimg(join(dir, 'qr.png'), true);
      const text = await divocAppScan(scanned);
      expect(JSON.parse(text).evidence[0].certificateId).to.equal(certificateId);
      expect((await divocAppVerify(app, text)).verified).to.equal(true);
      // zbar's own text conversion (what zbar.wasm hands DIVOC's app) leaves DIVOC's UTF-8 layout as it is.
      const asText = zbarimg(join(dir, 'qr.png'), false);
      expect(Buffer.compare(asText.subarray(0, -1), scanned)).to.equal(0);
      expect(await divocAppScan(asText.subarray(0, -1))).to.equal(text);
      const tampered = JSON.parse(text);
      tampered.evidence[0].dose = 3;
      expect((await divocAppVerify(app, JSON.stringify(tampered))).verified).to.equal(false);
    });

    it('should verify its own DIVOC certificates on /credentials/verify, revocation from its store, and publish its DIVOC entry', async () => {
      const { certificateId } = (await issue('dhis2:TE5:EV1:1')).body;
      const certificate = (await request(api.app).get(`/certificates/${certificateId}`).query({ dob: DOB })).body;
      const verify = () => request(api.app).post('/credentials/verify').send({ verifiableCredential: certificate });
      const valid = await verify();
      expect(valid.status, JSON.stringify(valid.body.errors)).to.equal(200);
      expect(valid.body.warnings.map((w: { code: string }) => w.code)).to.not.include('status_not_checked');
      const entries = (await request(api.app).get('/trust-list').expect(200)).body.issuers;
      const own = entries.find((entry: { did: string }) => entry.did === PROFILE.issuer);
      expect(own.divoc.keys[0]).to.include({ id: 'did:srilanka:moh' });
      expect(own.divoc.revocationUrl).to.equal(`http://localhost:8080${REVOKED}`);
      expect(JSON.stringify(own)).to.not.match(/PRIVATE|privateKey/);
      await request(api.app).post(`/admin/certificates/${certificateId}/revoke`).set(admin).send({ reason: 'issued in error' }).expect(200);
      const revoked = await verify();
      expect(revoked.status).to.equal(400);
      expect(revoked.body.errors.map((e: { code: string }) => e.code)).to.include('revoked');
    });

    it('should read valid, then revoked after an admin suspends and revokes, in DIVOC\'s app flow over HTTP (axios, as the app posts)', async () => {
      const server = api.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const { certificateId } = (await issue('dhis2:TE7:EV1:1')).body;
        const text = (await request(api.app).get(`/certificates/${certificateId}`).query({ dob: DOB })).text;
        expect(await divocAppVerdict(app, text, origin)).to.equal('valid');
        const tampered = JSON.parse(text);
        tampered.credentialSubject.name = 'Someone Else';
        expect(await divocAppVerdict(app, JSON.stringify(tampered), origin)).to.equal('invalid');
        // DIVOC's app knows no suspension: a suspended certificate reads revoked there.
        await request(api.app).post(`/admin/certificates/${certificateId}/suspend`).set(admin).send({ reason: 'under review' }).expect(200);
        expect(await divocAppVerdict(app, text, origin)).to.equal('revoked');
        await request(api.app).post(`/admin/certificates/${certificateId}/revoke`).set(admin).send({ reason: 'issued in error' }).expect(200);
        expect(await divocAppVerdict(app, text, origin)).to.equal('revoked');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('should re-issue a DIVOC certificate on an admin\'s request: the old one reads revoked, the new one verifies in DIVOC\'s app', async () => {
      const { certificateId } = (await issue('dhis2:TE6:EV1:1')).body;
      const old = (await request(api.app).get(`/certificates/${certificateId}`).query({ dob: DOB })).body;
      const response = await request(api.app).post(`/admin/certificates/${certificateId}/reissue`).set(admin).send({ reason: 'lost certificate' });
      expect(response.status, JSON.stringify(response.body)).to.equal(201);
      const replacement = response.body.certificate.certificateId;
      expect(replacement).to.not.equal(certificateId);
      const fresh = (await request(api.app).get(`/certificates/${replacement}`).query({ dob: DOB }).expect(200)).body;
      expect({ ...fresh.credentialSubject }).to.deep.equal(old.credentialSubject);
      expect(fresh.evidence[0]).to.deep.include({ batch: old.evidence[0].batch, dose: old.evidence[0].dose, date: old.evidence[0].date });
      expect((await divocAppVerify(app, JSON.stringify(fresh))).verified).to.equal(true);
      await request(api.app).post(REVOKED).send(old).expect(200);
      await request(api.app).post(REVOKED).send(fresh).expect(404);
      expect((await issue('dhis2:TE6:EV1:1')).body).to.include({ outcome: 'duplicate', certificateId: replacement });
    });

    it('should say suspended (200 for DIVOC\'s apps, suspended in the body and on /credentials/verify), valid once reinstated', async () => {
      const { certificateId } = (await issue('dhis2:TE8:EV1:1')).body;
      const certificate = (await request(api.app).get(`/certificates/${certificateId}`).query({ dob: DOB })).body;
      const route = () => request(api.app).post(REVOKED).send(certificate);
      const verified = async () => (await request(api.app).post('/credentials/verify').send({ verifiableCredential: certificate })).body;
      const action = (name: string) => request(api.app).post(`/admin/certificates/${certificateId}/${name}`).set(admin).send({ reason: 'under review' }).expect(200);
      await action('suspend');
      const suspended = await route();
      expect(suspended.status).to.equal(200);
      expect(suspended.body).to.deep.equal({ revoked: true, suspended: true });
      const codes = (await verified()).errors.map((e: { code: string }) => e.code);
      expect(codes).to.include('suspended').and.not.include('revoked');
      await action('reinstate');
      expect((await route()).status).to.equal(404);
      expect((await verified()).verified).to.equal(true);
      await action('revoke');
      expect((await route()).body).to.deep.equal({ revoked: true, suspended: false });
      expect((await verified()).errors.map((e: { code: string }) => e.code)).to.include('revoked').and.not.include('suspended');
    });

    it('should read revoked in DIVOC\'s revocation check after an admin revokes, and after a correction supersedes', async () => {
      const { certificateId } = (await issue('dhis2:TE3:EV1:1')).body;
      const certificate = (await request(api.app).get(`/certificates/${certificateId}`).query({ dob: DOB })).body;
      // DIVOC's app posts the verified certificate itself (axios.post(url, signedJSON)).
      const check = () => request(api.app).post(REVOKED).set('Origin', 'https://verify.example.org').send(certificate);
      const before = await check();
      expect(before.status).to.equal(404);
      expect(before.headers['access-control-allow-origin']).to.equal('*');
      await request(api.app).options(REVOKED).set('Origin', 'https://verify.example.org').expect(204);
      await request(api.app).post(`/admin/certificates/${certificateId}/revoke`).set(admin).send({ reason: 'issued in error' }).expect(200);
      expect((await check()).status).to.equal(200);

      const original = (await issue('dhis2:TE4:EV1:1')).body.certificateId;
      const corrected = mockVaccinationRecord();
      corrected.vaccination.batch = 'CORRECTED-1';
      const replacement = await issue('dhis2:TE4:EV1:1', corrected);
      expect(replacement.body.outcome).to.equal('superseded');
      const status = (id: string) => request(api.app).post(REVOKED).send({ evidence: [{ certificateId: id }] });
      expect((await status(original)).status).to.equal(200);
      expect((await status(replacement.body.certificateId)).status).to.equal(404);
    });
  });
}

describe('the DIVOC credential profile with test certificates through the API', () => {
  const TEST_NAMESPACE = 'https://moh.example.gov.lk/credentials/testCertificate/v1';
  const key = countryKey('ED25519', 'did:srilanka:moh');
  const app: DivocAppSettings = { ...key.app, namespace: NAMESPACE, namespaceV2: `${NAMESPACE}2`, testNamespace: TEST_NAMESPACE };
  let api: TestApi;

  beforeEach(() => {
    const profile = { ...PROFILE, testNamespaceUrl: TEST_NAMESPACE };
    api = startApi({}, { divoc: createDivocIssuer({ profile, key: importDivocKey(key.material, 'test') }) });
  });
  afterEach(() => api.close());

  it('should issue a test result as a DIVOC test certificate that DIVOC\'s library verifies, and revoke it for DIVOC\'s route', async () => {
    const record = mockTestResultRecord();
    const issued = await request(api.app).post('/credentials/issue').set(issueAuth).send({ sourceKey: 'lab:1', kind: 'test-result', record });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
    const json = await request(api.app).get(`/certificates/${issued.body.certificateId}`).query({ dob: record.recipient.dob }).expect(200);
    expect(json.body.type).to.deep.equal(['VerifiableCredential', 'ProofOfTestCertificateCredential']);
    expect((await divocAppVerify(app, json.text)).verified).to.equal(true);
    expect((await request(api.app).post('/credentials/verify').send({ verifiableCredential: json.body })).status).to.equal(200);
    await request(api.app).post(REVOKED).send(json.body).expect(404);
    await request(api.app).post(`/admin/certificates/${issued.body.certificateId}/revoke`).set(admin).send({ reason: 'wrong sample' }).expect(200);
    await request(api.app).post(REVOKED).send(json.body).expect(200);
  });
});

import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { expect } from 'chai';
import request from 'supertest';
import { loadConfig } from '@healthcred/config';
import {
  buildTrustList, buildUvci, createDccTestPki, encodeHc1, issueDcc, loadDefaultDccValueSets, loadDsc,
  parseTrustList, renderDccQrPng, verifyHc1, type DccPayload,
} from '@healthcred/dcc';
import { issueCertificate } from '@healthcred/issuance';
import { decodeBase45, readQrImage } from '@healthcred/qr';
import { DOB, TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { binary } from './fixtures/dcc-env.js';
import { mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';
import { loadDccDeps } from '../src/start.js';


const OFF = { error: { code: 'not_found', message: 'EU DCC is not configured on this server.' } };
const NAME = 'José Ñúñez-Øberg';
const latinRecord = () => mockVaccinationRecord({ recipient: { ...mockVaccinationRecord().recipient, name: NAME } });

/** An HC1 signed by another DSC (with its PEM pair), for the trust-list and tamper checks. */
function foreignHc1(dsc: { certificatePem: string; privateKeyPem: string }, country: string): string {
  return issueDcc({
    record: { kind: 'vaccination', record: latinRecord() }, signer: loadDsc(dsc), valueSets: loadDefaultDccValueSets(),
    country, issuerName: 'Robert Koch-Institut', uvci: buildUvci({ country, id: 'ABC123' }), now: new Date(),
  }).hc1;
}

/** The HC1 with the last byte of its COSE message (the end of the signature) changed. */
function tamperSignature(hc1: string): string {
  const cose = inflateSync(decodeBase45(hc1.slice(4)));
  cose[cose.length - 1] = cose[cose.length - 1]! ^ 0x01;
  return encodeHc1(cose);
}

describe('API: EU DCC and WHO DDCC:VS', () => {
  let dir: string;
  let env: Record<string, string>;
  let german: ReturnType<typeof createDccTestPki>;
  let api: TestApi;
  let certificateId: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-api-dcc-'));
    const pki = createDccTestPki({ country: 'LK' });
    german = createDccTestPki({ country: 'DE' });
    writeFileSync(join(dir, 'dsc.pem'), pki.dsc.certificatePem);
    writeFileSync(join(dir, 'dsc-key.pem'), pki.dsc.privateKeyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'trust-list.json'), JSON.stringify(buildTrustList([german.dsc.certificatePem])));
    env = {
      DCC_DSC_CERT_FILE: join(dir, 'dsc.pem'), DCC_DSC_KEY_FILE: join(dir, 'dsc-key.pem'), DCC_COUNTRY: 'LK',
      DCC_ISSUER_NAME: 'Ministry of Health, Sri Lanka', DCC_TRUST_LIST_FILE: join(dir, 'trust-list.json'),
    };
  });
  beforeEach(async () => {
    api = startApi(env);
    ({ certificateId } = await api.issue(1, latinRecord()));
  });
  afterEach(() => api.close());

  async function hc1Of(id = certificateId): Promise<string> {
    const png = await request(api.app).get(`/certificates/${id}/dcc.png?dob=${DOB}`).buffer(true).parse(binary)
      .expect(200).expect('Content-Type', 'image/png').expect('Cache-Control', 'private, no-store');
    return Buffer.from(readQrImage(png.body as Buffer)).toString('latin1');
  }

  it('should give an HC1 QR code that verifies against the published trust list and names the holder', async () => {
    const hc1 = await hc1Of();
    expect(hc1).to.match(/^HC1:/);
    const published = await request(api.app).get('/dcc/trust-list').expect(200).expect('Cache-Control', 'public, max-age=3600');
    const trustList = parseTrustList(published.body);
    expect(trustList.map((entry) => entry.country)).to.deep.equal(['LK']);
    const result = verifyHc1({ hc1, trustList, now: new Date() });
    expect(result.errors).to.deep.equal([]);
    const payload = result.payload as DccPayload & { v: [Record<string, unknown>] };
    expect(payload.nam).to.deep.equal({ fn: NAME, fnt: 'JOSE<NUNEZ<OEBERG' });
    expect(payload.dob).to.equal(DOB);
    expect(payload.v[0]).to.include({
      ci: buildUvci({ country: 'LK', id: certificateId.replaceAll('-', '') }), co: 'LK', is: 'Ministry of Health, Sri Lanka',
      mp: 'Covishield', dn: 2, sd: 2, dt: '2021-06-15',
    });
  });

  it('should cut the HC1 exp at the DSC expiry and say so in X-DCC-Expiry-Shortened, else send no such header', async () => {
    const shortLived = createDccTestPki({ country: 'LK', dscValidityDays: 10 });
    writeFileSync(join(dir, 'short-dsc.pem'), shortLived.dsc.certificatePem);
    writeFileSync(join(dir, 'short-dsc-key.pem'), shortLived.dsc.privateKeyPem, { mode: 0o600 });
    const dscExpiry = new Date(new X509Certificate(shortLived.dsc.certificatePem).validTo).toISOString();
    const short = startApi({ ...env, DCC_DSC_CERT_FILE: join(dir, 'short-dsc.pem'), DCC_DSC_KEY_FILE: join(dir, 'short-dsc-key.pem') });
    try {
      const { certificateId: id } = await short.issue(1, latinRecord());
      const png = await request(short.app).get(`/certificates/${id}/dcc.png?dob=${DOB}`).buffer(true).parse(binary)
        .expect(200).expect('X-DCC-Expiry-Shortened', dscExpiry);
      const hc1 = Buffer.from(readQrImage(png.body as Buffer)).toString('latin1');
      const trustList = parseTrustList((await request(short.app).get('/dcc/trust-list')).body);
      expect(verifyHc1({ hc1, trustList, now: new Date() }).expiresAt?.toISOString()).to.equal(dscExpiry);
      await request(short.app).get(`/certificates/${id}/dcc.svg?dob=${DOB}`).expect(200).expect('X-DCC-Expiry-Shortened', dscExpiry);
    } finally {
      await short.close();
    }
    const month = startApi({ ...env, DCC_VALIDITY_DAYS: '30' });
    try {
      const { certificateId: id } = await month.issue(1, latinRecord());
      const response = await request(month.app).get(`/certificates/${id}/dcc.svg?dob=${DOB}`).expect(200);
      expect(response.headers).not.to.have.property('x-dcc-expiry-shortened');
    } finally {
      await month.close();
    }
  });

  it('should give the HC1 as SVG too, and a PNG that zbarimg reads', async function () {
    const svg = await request(api.app).get(`/certificates/${certificateId}/dcc.svg?dob=${DOB}`).buffer(true).parse(binary).expect(200);
    expect(svg.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect((svg.body as Buffer).toString()).to.match(/^<svg[\s\S]*<\/svg>\s*$/);
    if (spawnSync('zbarimg', ['--version']).status !== 0) return this.skip();
    const file = join(dir, 'dcc.png');
    writeFileSync(file, (await request(api.app).get(`/certificates/${certificateId}/dcc.png?dob=${DOB}`).buffer(true).parse(binary)).body as Buffer);
    expect(spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' }).stdout.trim()).to.match(/^HC1:[0-9A-Z $%*+./:-]+$/);
  });

  it('should give a test result as an HC1 with a test entry', async () => {
    const saved = await issueCertificate({ sourceKey: 'test:t1', kind: 'test-result', record: mockTestResultRecord({
      recipient: { ...mockTestResultRecord().recipient, dob: DOB },
    }) }, api);
    const hc1 = await hc1Of(saved.certificate.certificateId);
    const result = verifyHc1({ hc1, trustList: parseTrustList((await request(api.app).get('/dcc/trust-list')).body), now: new Date() });
    expect(result.verified).to.equal(true);
    expect((result.payload as { t: [{ tr: string; nm: string }] }).t[0]).to.include({ tr: '260415000', nm: 'TaqPath' });
    expect(result.payload!.nam.fnt).to.equal('NGUYEN<THI<HUONG');
    await request(api.app).get(`/certificates/${saved.certificate.certificateId}/ddcc.json?dob=${DOB}`).expect(404)
      .expect((response) => expect(response.body.error.message).to.contain('vaccinations only'));
  });

  it('should give the WHO DDCC:VS bundle of a vaccination, also for a name in a non-Latin script', async () => {
    const sinhala = await api.issue(2);
    const response = await request(api.app).get(`/certificates/${sinhala.certificateId}/ddcc.json?dob=${DOB}`)
      .buffer(true).parse(binary).expect(200).expect('Cache-Control', 'private, no-store');
    expect(response.headers['content-type']).to.match(/^application\/fhir\+json/);
    expect(response.headers['content-disposition']).to.contain(`ddcc-${sinhala.certificateId}.json`);
    const bundle = JSON.parse((response.body as Buffer).toString('utf8'));
    expect(bundle).to.include({ resourceType: 'Bundle', type: 'document' });
    expect(bundle.identifier.value).to.equal(sinhala.certificateId);
    const byType = Object.fromEntries(bundle.entry.map((e: { resource: { resourceType: string } }) => [e.resource.resourceType, e.resource]));
    expect(Object.keys(byType)).to.have.members(['Composition', 'Patient', 'Organization', 'Immunization']);
    expect(byType.Patient.name[0].text).to.equal(mockVaccinationRecord().recipient.name);
    expect(byType.Patient.birthDate).to.equal(DOB);
    expect(byType.Organization.name).to.equal('Ministry of Health, Sri Lanka');
    expect(byType.Immunization).to.deep.include({ lotNumber: '4121Z025', occurrenceDateTime: '2021-06-15T09:30:00.000Z' });
    expect(byType.Immunization.protocolApplied[0]).to.include({ doseNumberPositiveInt: 2, seriesDosesPositiveInt: 2 });
  });

  describe('POST /verify/qr with an HC1', () => {
    it('should verify the HC1 as text and as an image, and trust the DSCs of DCC_TRUST_LIST_FILE', async () => {
      const hc1 = await hc1Of();
      const text = await request(api.app).post('/verify/qr').send({ payload: hc1 }).expect(200);
      expect(text.body).to.deep.include({
        verified: true, format: 'hc1', checks: ['structure', 'dsc', 'signature', 'dates'], warnings: [], errors: [],
      });
      expect(text.body.dcc.nam.fnt).to.equal('JOSE<NUNEZ<OEBERG');
      const image = await request(api.app).post('/verify/qr').set('Content-Type', 'image/png').send(await renderDccQrPng(hc1)).expect(200);
      expect(image.body).to.include({ verified: true, format: 'hc1' });
      const fromGermany = await request(api.app).post('/verify/qr').send({ payload: foreignHc1(german.dsc, 'DE') }).expect(200);
      expect(fromGermany.body).to.include({ verified: true, issuerCountry: 'DE' });
    });

    it('says not verified, naming the check, for a changed signature, a changed character and an unknown DSC', async () => {
      const hc1 = await hc1Of();
      const tampered = await request(api.app).post('/verify/qr').send({ payload: tamperSignature(hc1) }).expect(400);
      expect(tampered.body).to.deep.include({ verified: false, format: 'hc1', checks: ['structure', 'dsc'] });
      expect(tampered.body.errors).to.have.length(1);
      expect(tampered.body.errors[0]).to.include({ check: 'signature', code: 'bad_signature' });
      const index = 40;
      const changed = hc1.slice(0, index) + (hc1[index] === 'A' ? 'B' : 'A') + hc1.slice(index + 1);
      expect((await request(api.app).post('/verify/qr').send({ payload: changed }).expect(400)).body.verified).to.equal(false);
      const unknown = foreignHc1(createDccTestPki({ country: 'FR' }).dsc, 'FR');
      const refused = await request(api.app).post('/verify/qr').send({ payload: unknown }).expect(400);
      expect(refused.body.errors[0]).to.include({ check: 'dsc', code: 'unknown_kid' });
    });
  });

  describe('negative', () => {
    it('limits the downloads of one certificate\'s DCC per client, with the right birth date too', async () => {
      if (Date.now() % 60_000 > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - (Date.now() % 60_000)));
      const limited = startApi({ ...env, CITIZEN_DOWNLOADS_PER_MINUTE: '2' });
      try {
        const { certificateId: id } = await limited.issue(1, latinRecord());
        for (const path of ['dcc.svg', 'ddcc.json']) await request(limited.app).get(`/certificates/${id}/${path}?dob=${DOB}`).expect(200);
        const refused = await request(limited.app).get(`/certificates/${id}/dcc.png?dob=${DOB}`).expect(429);
        expect(refused.body.error.message).to.match(/^Too many downloads of this certificate/);
        expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
      } finally {
        await limited.close();
      }
    });

    it('answers a wrong birth date with the same 404 as an unknown id', async () => {
      const wrong = await request(api.app).get(`/certificates/${certificateId}/dcc.png?dob=1999-01-01`).expect(404);
      const unknown = await request(api.app).get(`/certificates/AAAA-BBBB-CCCC/dcc.png?dob=${DOB}`).expect(404);
      expect(wrong.body).to.deep.equal(unknown.body);
      expect(wrong.body.error.message).to.equal('No certificate matches this certificate id and birth date.');
      await request(api.app).get(`/certificates/${certificateId}/ddcc.json?dob=1999-01-01`).expect(404);
    });

    it('answers 422 naming the field when the record cannot be an EU DCC', async () => {
      const sinhala = await api.issue(2);
      const name = await request(api.app).get(`/certificates/${sinhala.certificateId}/dcc.png?dob=${DOB}`).expect(422);
      expect(name.body.error).to.include({ code: 'invalid_input', field: 'recipient.name' });
      expect(name.body.error.message).to.match(/^This certificate cannot be an EU DCC: recipient\.name: .*ICAO 9303/);
      const local = latinRecord();
      local.vaccination.vaccine = 'LOCALVAX';
      const unmapped = await api.issue(3, local);
      const vaccine = await request(api.app).get(`/certificates/${unmapped.certificateId}/dcc.svg?dob=${DOB}`).expect(422);
      expect(vaccine.body.error.message).to.contain('vaccination.vaccine: "LOCALVAX" has no EU DCC vaccine code');
    });

    it('refuses a revoked certificate with 409', async () => {
      await request(api.app).post(`/admin/certificates/${certificateId}/revoke`).set('Authorization', `Bearer ${TOKENS.amara}`)
        .send({ reason: 'entered twice' }).expect(200);
      const refused = await request(api.app).get(`/certificates/${certificateId}/dcc.png?dob=${DOB}`).expect(409);
      expect(refused.body.error.message).to.equal('This certificate is revoked; no EU DCC or DDCC is made for it.');
    });

    it('refuses a DSC of another country than DCC_COUNTRY at startup', () => {
      expect(() => loadDccDeps(loadConfig({ ...env, DCC_COUNTRY: 'DE' }).dcc!)).to.throw(/DSC is for country LK, but DCC_COUNTRY is DE/);
      writeFileSync(join(dir, 'other-key.pem'), german.dsc.privateKeyPem);
      expect(() => loadDccDeps(loadConfig({ ...env, DCC_DSC_KEY_FILE: join(dir, 'other-key.pem') }).dcc!))
        .to.throw(/private key does not belong/);
      expect(() => loadDccDeps(loadConfig({ ...env, DCC_TRUST_LIST_FILE: join(dir, 'missing.json') }).dcc!))
        .to.throw(/DCC_TRUST_LIST_FILE: cannot read/);
    });

    it('answers every DCC endpoint with a clear 404 when EU DCC is off', async () => {
      const off = startApi();
      try {
        const { certificateId: id } = await off.issue(1, latinRecord());
        for (const path of [`/certificates/${id}/dcc.png?dob=${DOB}`, `/certificates/${id}/dcc.svg?dob=${DOB}`,
          `/certificates/${id}/ddcc.json?dob=${DOB}`, '/dcc/trust-list']) {
          expect((await request(off.app).get(path).expect(404)).body, path).to.deep.equal(OFF);
        }
        const hc1 = await hc1Of();
        expect((await request(off.app).post('/verify/qr').send({ payload: hc1 }).expect(404)).body).to.deep.equal(OFF);
      } finally {
        await off.close();
      }
    });
  });

  it('should list the DCC endpoints in the OpenAPI document', async () => {
    const { paths } = (await request(api.app).get('/openapi.json').expect(200)).body;
    expect(paths).to.include.keys('/certificates/{id}/dcc.png', '/certificates/{id}/dcc.svg', '/certificates/{id}/ddcc.json', '/dcc/trust-list');
  });
});

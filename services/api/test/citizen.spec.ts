import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '@healthcred/api';
import { loadConfig } from '@healthcred/config';
import { readHealthcredContexts } from '@healthcred/document-loader';
import { decodeQrPayload, decodeQrPayloadWithTrust, readQrImage } from '@healthcred/qr';
import { trustEntryOf } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { createLogger } from '@healthcred/runtime';
import { DOB, startApi, type TestApi } from './fixtures/api.js';
import { mockVaccinationRecord } from '@healthcred/testing';

const binary = (response: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** Wrong tries are counted per clock minute: start a counting test well inside one, so it cannot straddle two. */
async function awayFromMinuteEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe('API: citizens download their certificates', () => {
  let api: TestApi;
  let certificateId: string;

  beforeEach(async () => {
    api = startApi();
    ({ certificateId } = await api.issue(1));
  });
  afterEach(() => api.close());

  it('should give the QR code as PNG in the DIVOC and the compact form, each holding the signed credential', async () => {
    const json = (await request(api.app).get(`/certificates/${certificateId}?dob=${DOB}`).expect(200)).body as object;
    for (const [format, expected] of [['', 'divoc'], ['&format=divoc', 'divoc'], ['&format=compact', 'compact']] as const) {
      const png = await request(api.app).get(`/certificates/${certificateId}/qr.png?dob=${DOB}${format}`)
        .buffer(true).parse(binary).expect(200).expect('Content-Type', 'image/png');
      const decoded = decodeQrPayload(readQrImage(png.body as Buffer));
      expect(decoded.format).to.equal(expected);
      expect(decoded.credential).to.deep.equal(json);
    }
  });

  it('should give the QR code in the compact v3 form (format=cborld), which decodes with the trust entry to the credential', async () => {
    const json = (await request(api.app).get(`/certificates/${certificateId}?dob=${DOB}`).expect(200)).body as object;
    const png = await request(api.app).get(`/certificates/${certificateId}/qr.png?dob=${DOB}&format=cborld`)
      .buffer(true).parse(binary).expect(200).expect('Content-Type', 'image/png');
    const payload = readQrImage(png.body as Buffer);
    expect(Buffer.from(payload).toString('latin1')).to.match(/^HCQ3:/);
    const decoded = await decodeQrPayloadWithTrust(payload, {
      trustedIssuers: [trustEntryOf(api.issuer, { name: 'MoH', country: 'ZZ' })],
      documentLoader: createDocumentLoader({ contextBaseUrls: [api.issuer.url], didDocuments: [api.issuer.didDocument] }),
    });
    expect(decoded.credential).to.deep.equal(json);
    const svg = await request(api.app).get(`/certificates/${certificateId}/qr.svg?dob=${DOB}&format=cborld`).buffer(true).parse(binary).expect(200);
    expect((svg.body as Buffer).toString()).to.match(/^<svg/);
  });

  it('should give the QR code as SVG and the certificate as a PDF download', async () => {
    const svg = await request(api.app).get(`/certificates/${certificateId}/qr.svg?dob=${DOB}`).buffer(true).parse(binary).expect(200);
    expect(svg.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect((svg.body as Buffer).toString()).to.match(/^<svg[\s\S]*<\/svg>\s*$/);
    const pdf = await request(api.app).get(`/certificates/${certificateId}/pdf?dob=${DOB}`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect(pdf.headers['content-disposition']).to.match(new RegExp(`^attachment; filename="?certificate-${certificateId}\\.pdf"?$`));
    expect((pdf.body as Buffer).subarray(0, 5).toString()).to.equal('%PDF-');
    expect(pdf.headers['cache-control']).to.equal('private, no-store');
  });

  it('should list every certificate of the same person, and no one else\'s', async () => {
    const record = mockVaccinationRecord();
    const { dose } = record.vaccination;
    const second = await api.issue(2, { ...record, vaccination: { ...record.vaccination, dose: dose + 1 } });
    await api.issue(3, { ...record, recipient: { ...record.recipient, refId: 'SomeoneElse1' } });
    const response = await request(api.app).get(`/certificates/${certificateId}/holder?dob=${DOB}`).expect(200);
    const listed = (response.body as { certificates: { certificateId: string; dose: number; status: string }[] }).certificates;
    expect(listed.map((c) => c.certificateId).sort()).to.deep.equal([certificateId, second.certificateId].sort());
    expect(listed.map((c) => c.dose).sort()).to.deep.equal([dose, dose + 1]);
    expect(JSON.stringify(response.body)).to.not.contain(record.recipient.name);
  });

  it('answers every download with a wrong birth date exactly like an unknown id', async () => {
    for (const path of ['', '/qr.png', '/qr.svg', '/pdf', '/holder']) {
      const wrong = await request(api.app).get(`/certificates/${certificateId}${path}?dob=1985-04-13`);
      const unknown = await request(api.app).get(`/certificates/AAAA-BBBB-CCCC${path}?dob=${DOB}`);
      expect([wrong.status, unknown.status]).to.deep.equal([404, 404]);
      expect(wrong.body).to.deep.equal(unknown.body);
    }
  });

  it('should refuse the 11th wrong try in a minute, then even the right pair, with Retry-After', async () => {
    await awayFromMinuteEdge();
    for (let i = 0; i < 10; i++) {
      await request(api.app).get(`/certificates/${certificateId}?dob=1990-01-${String(i + 1).padStart(2, '0')}`).expect(404);
    }
    const eleventh = await request(api.app).get(`/certificates/${certificateId}?dob=1990-02-01`).expect(429);
    expect(eleventh.body.error.code).to.equal('rate_limited');
    expect(Number(eleventh.headers['retry-after'])).to.be.within(1, 60);
    await request(api.app).get(`/certificates/${certificateId}?dob=${DOB}`).expect(429);
  });

  it('should count wrong tries in the store, so another API replica on the same store refuses too', async () => {
    await awayFromMinuteEdge();
    for (let i = 0; i < 10; i++) await request(api.app).get(`/certificates/AAAA-BBBB-CCCC?dob=${DOB}`).expect(404);
    const { port: _port, ...settings } = loadConfig({}).api;
    const replica = createApp({
      store: api.store, bus: api.bus, topics: loadConfig({}).topics, issuer: api.issuerHolder, settings,
      contexts: readHealthcredContexts(), payloadLimitBytes: 1024, logger: createLogger({ name: 'replica', level: 'silent' }),
    });
    await request(replica).get(`/certificates/${certificateId}?dob=${DOB}`).expect(429);
  });

  it('refuses an unknown QR format with a clear 400', async () => {
    const response = await request(api.app).get(`/certificates/${certificateId}/qr.png?dob=${DOB}&format=hc9`).expect(400);
    expect(response.body.error).to.include({ code: 'invalid_input', field: 'format' });
  });
});

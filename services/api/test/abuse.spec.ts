import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { Gauge, Registry } from 'prom-client';
import request from 'supertest';
import { capturingLogger, DOB, TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { maximalVaccinationRecord, mockVaccinationRecord } from '@healthcred/testing';

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const loud = (lines: Record<string, unknown>[]) => lines.filter((line) => (line['level'] as number) >= 40);

describe('API under abuse: malformed requests', () => {
  let api: TestApi;
  const lines: Record<string, unknown>[] = [];

  before(() => {
    api = startApi({}, { logger: capturingLogger(lines) });
  });

  after(() => api.close());

  beforeEach(() => {
    lines.length = 0;
  });

  describe('negative', () => {
    it('answers malformed percent-encoding with 400 on citizen, status and admin routes, and logs nothing', async () => {
      const requests = [
        ...['', '/qr.png', '/qr.svg', '/pdf', '/holder', '/dcc.png', '/ddcc.json'].map((tail) =>
          request(api.app).get(`/certificates/%FF${tail}?dob=${DOB}`)),
        request(api.app).get('/status/%FF'), request(api.app).get('/status/revocation/%E0%A4%A'),
        request(api.app).get('/admin/certificates/%FF').set(as(TOKENS.amara)),
        request(api.app).post('/admin/certificates/%C0%AF/revoke').set(as(TOKENS.amara)).send({ reason: 'test' }),
        request(api.app).post('/admin/dead-letters/%FF/redrive').set(as(TOKENS.amara)).send({ reason: 'test' }),
        request(api.app).post('/admin/keys/%FF/revoke').set(as(TOKENS.amara)).send({ reason: 'test' }),
        request(api.app).delete('/admin/trust/%FF').set(as(TOKENS.amara)).send({ reason: 'test' }),
      ];
      for (const pending of requests) {
        const response = await pending;
        expect(response.status, response.req.path).to.equal(400);
        expect(response.body.error).to.deep.equal({
          code: 'invalid_input', message: 'The URL path is not valid percent-encoding: each %XX must spell UTF-8 text.',
        });
      }
      expect(loud(lines)).to.deep.equal([]);
    });

    it('answers a body that is not compressed as its Content-Encoding says with 400, and logs nothing', async () => {
      const posts = [
        request(api.app).post('/credentials/issue').set(as(TOKENS.issue)),
        request(api.app).post('/dhis2/webhook').set(as(TOKENS.webhook)),
        request(api.app).post('/credentials/verify'),
        request(api.app).post('/admin/certificates/X/revoke').set(as(TOKENS.amara)),
      ];
      for (const post of posts) {
        const response = await post.set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"reason":"not gzip"}');
        expect(response.status, response.req.path).to.equal(400);
        expect(response.body.error).to.deep.equal({ code: 'invalid_input', message: 'The body is not compressed as its Content-Encoding says.' });
      }
      expect(loud(lines)).to.deep.equal([]);
    });

    it('refuses records that make no sense with 400 naming the field, and one no QR code can hold naming its longest fields', async () => {
      const base = mockVaccinationRecord();
      const records: [unknown, string, RegExp][] = [
        [{ ...base, recipient: { ...base.recipient, dob: '2999-01-01' } }, 'record.recipient.dob', /in the future/],
        [{ ...base, vaccination: { ...base.vaccination, date: '1800-01-01' } }, 'record.vaccination.date', /before 1900/],
        [{ ...base, vaccination: { ...base.vaccination, dose: 3, totalDoses: 2 } }, 'record.vaccination.dose', /above/],
        [{ ...base, recipient: { ...base.recipient, name: 'Sunil\u0000' } }, 'record.recipient.name', /control/],
        [{ ...base, recipient: { ...base.recipient, name: 'Sunil \u202Earerep' } }, 'record.recipient.name', /text-direction/],
        [maximalVaccinationRecord(), 'record', /^record: the certificate would not fit in a QR code: .+ shorten the longest fields: record\./],
      ];
      for (const [record, field, message] of records) {
        const response = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue))
          .send({ sourceKey: 'portal:nonsense', kind: 'vaccination', record }).expect(400);
        expect(response.body.error.field).to.equal(field);
        expect(response.body.error.message).to.match(message);
      }
      expect(await api.store.count()).to.equal(0);
      expect(loud(lines)).to.deep.equal([]);
    });

    it('answers a Content-Encoding it does not know with 415 naming the ones it does', async () => {
      const response = await request(api.app).post('/dhis2/webhook').set(as(TOKENS.webhook))
        .set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send('{}');
      expect(response.status).to.equal(415);
      expect(response.body.error.message).to.equal('The body\'s Content-Encoding must be gzip, deflate, br or none (identity).');
    });
  });

  it('reads a body that is gzip as its Content-Encoding says', async () => {
    await request(api.app).post('/dhis2/webhook').set(as(TOKENS.webhook)).set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip').serialize((body: Buffer) => body).send(gzipSync('{"trackedEntityInstances": []}')).expect(202);
  });
});

describe('API under abuse: storage failures are visible', () => {
  describe('negative', () => {
    it('turns /ready 503 naming the full store, and answers issuing with 503 in words, logging one line without a stack', async () => {
      const lines: Record<string, unknown>[] = [];
      const api = startApi({}, { storeMaxBytes: 384 * 1024, logger: capturingLogger(lines) });
      try {
        await request(api.app).get('/ready').expect(200);
        for (let n = 1; n < 500; n++) {
          const full = await api.issue(n).then(() => false, () => true);
          if (full) break;
        }
        const ready = await request(api.app).get('/ready').expect(503);
        expect(ready.body).to.deep.equal({
          status: 'unavailable', down: ['store'],
          reasons: { store: 'store.sqlite cannot grow: it has reached its size limit (disk full).' },
        });
        lines.length = 0;
        const record = mockVaccinationRecord();
        const issued = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue))
          .send({ sourceKey: 'portal:full-disk', kind: 'vaccination', record }).expect(503);
        expect(issued.body.error.code).to.equal('unavailable');
        expect(issued.body.error.message).to.match(/^Could not .+: the disk is full\.$/);
        const logged = loud(lines);
        expect(logged).to.have.length(1);
        expect(logged[0]).to.include({ msg: 'request failed: storage unavailable', reason: issued.body.error.message });
        expect(JSON.stringify(logged[0])).to.not.match(/stack|\.ts:|\.js:/);
      } finally {
        await api.close();
      }
    });

    it('answers the DHIS2 webhook with 503 once the event log is full, and /ready names events.sqlite', async () => {
      const api = startApi({}, { busMaxBytes: 256 * 1024 });
      try {
        const payload = JSON.stringify({ trackedEntityInstances: [], padding: 'x'.repeat(8000) });
        let refused: request.Response | undefined;
        for (let n = 0; n < 200 && refused === undefined; n++) {
          const response = await request(api.app).post('/dhis2/webhook').set(as(TOKENS.webhook)).type('json').send(payload);
          if (response.status !== 202) refused = response;
        }
        expect(refused?.status).to.equal(503);
        expect(refused?.body.error.message).to.equal('Could not publish to the SQLite log: the disk is full.');
        const ready = await request(api.app).get('/ready').expect(503);
        expect(ready.body.down).to.deep.equal(['bus']);
        expect(ready.body.reasons.bus).to.equal('events.sqlite cannot grow: it has reached its size limit (disk full).');
      } finally {
        await api.close();
      }
    });
  });
});

describe('API metrics of a process that also runs the issuer (npm start)', () => {
  it('serves the issuer\'s consumption metrics beside its own on /metrics', async () => {
    const issuerMetrics = new Registry();
    new Gauge({ name: 'healthcred_issuer_consuming', help: 'test', labelNames: ['topic'], registers: [issuerMetrics] }).set({ topic: 'certify' }, 0);
    const api = startApi({}, { metrics: [issuerMetrics] });
    try {
      const { text } = await request(api.app).get('/metrics').expect(200);
      expect(text).to.contain('healthcred_issuer_consuming{topic="certify"} 0');
      expect(text).to.contain('healthcred_certificates{status="issued"}');
    } finally {
      await api.close();
    }
  });
});

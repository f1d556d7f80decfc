import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { verifyAuditLog } from '@healthcred/store';
import { TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { mockVaccinationRecord } from '@healthcred/testing';

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('API: audit trail of logins, supersedes and reads of personal data', () => {
  let api: TestApi;
  const logged: string[] = [];

  beforeEach(async () => {
    // The login limit counts per minute: keep each test within one.
    if (Date.now() % 60_000 > 57_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - (Date.now() % 60_000)));
    logged.length = 0;
    api = startApi({ TRUST_PROXY_ADDRESSES: 'loopback' }, { logger: pino({ level: 'info' }, { write: (line: string) => { logged.push(line); } }) });
  });
  afterEach(() => api.close());

  describe('guessed tokens', () => {
    const guess = (n: number) => `guess-${n}-0123456789abcdefghij`;
    const from = (client: string) => ({ 'X-Forwarded-For': client });

    it('refuses a client after 10 wrong tokens a minute with 429 and Retry-After, even with a right token', async () => {
      for (let n = 0; n < 10; n += 1) {
        await request(api.app).get('/admin/audit').set({ ...as(guess(n)), ...from('203.0.113.7') }).expect(401);
      }
      const refused = await request(api.app).get('/admin/audit').set({ ...as(TOKENS.amara), ...from('203.0.113.7') }).expect(429);
      expect(refused.body.error.code).to.equal('rate_limited');
      expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
      await request(api.app).post('/credentials/issue').set({ ...as(TOKENS.issue), ...from('203.0.113.7') }).send({}).expect(429);
      await request(api.app).get('/admin/audit').set({ ...as(TOKENS.amara), ...from('198.51.100.2') }).expect(200);
    });

    it('should audit a client\'s wrong tokens once a minute on any endpoint, and log them, never with the token', async () => {
      for (let n = 0; n < 4; n += 1) {
        await request(api.app).get('/admin/audit').set({ ...as(guess(n)), ...from('203.0.113.7') }).expect(401);
      }
      await request(api.app).post('/dhis2/webhook').set({ ...as(guess(4)), ...from('203.0.113.7') }).send({}).expect(401);
      await request(api.app).post('/credentials/issue').set({ Authorization: `ApiToken ${guess(5)}`, ...from('198.51.100.2') }).send({}).expect(401);
      await request(api.app).get('/admin/audit').expect(401);
      const failures = (await api.store.listAudit()).filter((entry) => entry.action === 'auth.failure').reverse();
      expect(failures.map((entry) => [entry.actor, entry.target, entry.details?.['path']])).to.deep.equal([
        ['unauthenticated', 'admin API', '/admin/audit'], ['unauthenticated', 'issue API', '/credentials/issue'],
      ]);
      expect(failures[0]!.details!['client']).to.be.a('string').and.not.equal(failures[1]!.details!['client']);
      expect(logged.filter((line) => line.includes('"wrong token"'))).to.have.length(6);
      const everything = JSON.stringify(await api.store.listAudit()) + logged.join('');
      expect(everything).to.not.contain('guess-').and.not.contain('203.0.113.7');
      expect((await verifyAuditLog(api.store)).intact).to.equal(true);
    });
  });

  describe('supersede through POST /credentials/issue', () => {
    it('should audit the revocation of the previous certificate, naming the caller', async () => {
      const record = mockVaccinationRecord();
      const body = (batch: string) => ({ sourceKey: 'portal:77', kind: 'vaccination', record: { ...record, vaccination: { ...record.vaccination, batch } } });
      const first = (await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(body('LOT-1')).expect(201)).body;
      expect(await api.store.listAudit()).to.deep.equal([]);
      const second = (await request(api.app).post('/credentials/issue').set({ ...as(TOKENS.issue), 'X-Forwarded-For': '192.0.2.9' })
        .send(body('LOT-2')).expect(201)).body;
      expect(second).to.include({ outcome: 'superseded', supersedes: first.certificateId });
      const [entry] = (await request(api.app).get(`/admin/audit?target=${first.certificateId}`).set(as(TOKENS.amara)).expect(200)).body.entries;
      expect(entry).to.deep.include({ actor: 'issue API', action: 'certificate.supersede', target: first.certificateId });
      expect(entry.details).to.include({ via: 'POST /credentials/issue', replacement: second.certificateId, sourceKey: 'issue-api:portal:77' });
      expect(entry.details.client).to.match(/^[\w-]{22}$/);
      expect(entry).to.include.keys('seq', 'prevHash', 'hash');
    });
  });

  describe('reads of personal data', () => {
    const letter = () => api.store.saveDeadLetter({
      topic: 'dhis2.hooks', payload: '{"name":"Nimal Perera","nic":"851234567V"}', code: 'invalid_input', reason: 'r', attempts: 1, at: new Date().toISOString(),
    });

    it('should audit who listed or opened dead letters and viewed a certificate', async () => {
      const { id } = await letter();
      const { certificateId } = await api.issue(1);
      const listed = (await request(api.app).get('/admin/dead-letters?status=open').set(as(TOKENS.amara)).expect(200)).body.deadLetters;
      expect(listed).to.have.length(1);
      expect((await request(api.app).get(`/admin/dead-letters/${id}`).set(as(TOKENS.kasun)).expect(200)).body.payload).to.contain('Nimal');
      await request(api.app).get(`/admin/certificates/${certificateId}`).set(as(TOKENS.kasun)).expect(200);
      const reads = (await api.store.listAudit()).reverse().map((e) => [e.actor, e.action, e.target, e.details?.['count']]);
      expect(reads).to.deep.equal([
        ['amara', 'dead_letter.list', 'dead-letters', '1'], ['kasun', 'dead_letter.read', id, undefined],
        ['kasun', 'certificate.read', certificateId, undefined],
      ]);
      expect(JSON.stringify(await api.store.listAudit())).to.not.contain('Nimal').and.not.contain('851234567V');
    });

    it('refuses a bad status or limit naming the field, and an unknown dead letter, auditing nothing', async () => {
      await letter();
      expect((await request(api.app).get('/admin/dead-letters?status=all').set(as(TOKENS.amara)).expect(400)).body.error.field).to.equal('status');
      expect((await request(api.app).get('/admin/dead-letters?limit=0').set(as(TOKENS.amara)).expect(400)).body.error.field).to.equal('limit');
      expect((await request(api.app).get('/admin/audit?limit=x').set(as(TOKENS.amara)).expect(400)).body.error.field).to.equal('limit');
      await request(api.app).get('/admin/dead-letters/nope').set(as(TOKENS.amara)).expect(404);
      await request(api.app).get('/admin/certificates/AAAA-BBBB-CCCC').set(as(TOKENS.amara)).expect(404);
      expect(await api.store.listAudit()).to.deep.equal([]);
    });
  });
});

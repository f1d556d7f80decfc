import { expect } from 'chai';
import request from 'supertest';
import { issueCertificates } from '@healthcred/issuance';
import { type CertificationRequest } from '@healthcred/records';
import { decodeStatusList, isStatusSet } from '@healthcred/status-list';
import type { OrgUnit } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';
import { startApi, TOKENS, type TestApi } from './fixtures/api.js';

const STATS_TOKEN = 'Wq3nV0bXk8yZ1pR4tL6sD9fH2jM5cA7e';
const DISTRICT = 'DiszpKrYNg8';
const UNITS: OrgUnit[] = ['FacilityA01', 'FacilityB01'].map((id) => ({ id, name: id, level: 4, path: `/ImspTQPwCqd/O6uvpzGd5pu/${DISTRICT}/${id}` }));

/** Dose 1 at a facility for person `n`, of the given sex, born in 1990 (31 at the dose: band 30-44). */
function dose(n: number, facility: string, gender: string): CertificationRequest {
  const record = mockVaccinationRecord();
  return {
    sourceKey: `dhis2:TEperson${String(n).padStart(4, '0')}:EV${n}:1`, kind: 'vaccination', orgUnit: facility,
    record: { ...record, recipient: { ...record.recipient, refId: `TEperson${n}`, name: `Person Number${n}`, gender, dob: '1990-01-01' },
      vaccination: { ...record.vaccination, dose: 1 } },
  };
}

describe('API: programme statistics and erasure', () => {
  let api: TestApi;
  let ids: string[];
  const stats = (token = STATS_TOKEN) => request(api.app).get('/stats').set('Authorization', `Bearer ${token}`);

  beforeEach(async () => {
    api = startApi({ STATS_TOKEN, STATS_ORG_UNIT_LEVEL: '3', STATS_AGE_BANDS: '0,18,30,45' }, {
      orgUnits: { find: async (wanted) => UNITS.filter((unit) => wanted.includes(unit.id)) },
    });
    const requests = [
      ...[1, 2, 3].map((n) => dose(n, 'FacilityA01', 'Female')), ...[4, 5, 6].map((n) => dose(n, 'FacilityB01', 'Female')),
      ...[7, 8].map((n) => dose(n, 'FacilityA01', 'Male')),
    ];
    ids = (await issueCertificates(requests, { store: api.store, issuer: api.issuer })).map((outcome) => outcome.certificate.certificateId);
  });
  afterEach(() => api.close());

  describe('negative', () => {
    it('refuses /stats without the operator token, and with another role\'s', async () => {
      await request(api.app).get('/stats').expect(401);
      await stats(TOKENS.amara).expect(401);
      await stats('Xq3nV0bXk8yZ1pR4tL6sD9fH2jM5cA7e').expect(401);
      await stats().query({ format: 'xml' }).expect(400);
    });

    it('refuses an erasure without an admin token, without a reason, or with a reason naming the person', async () => {
      await request(api.app).post(`/admin/certificates/${ids[0]}/erase`).send({ reason: 'GDPR request' }).expect(401);
      const admin = (reason?: string) => request(api.app).post(`/admin/certificates/${ids[0]}/erase`)
        .set('Authorization', `Bearer ${TOKENS.amara}`).send(reason === undefined ? {} : { reason });
      await admin().expect(400);
      const named = await admin('Person Number1 asked by letter').expect(400);
      expect(named.body.error.message).to.contain('must not hold the person\'s name or birth date');
      await request(api.app).post('/admin/certificates/0000-0000-0000/erase').set('Authorization', `Bearer ${TOKENS.amara}`)
        .send({ reason: 'GDPR request' }).expect(404);
    });
  });

  it('should count by district, vaccine, dose, day, sex and age band, never showing a count under 5', async () => {
    const { body } = await stats().expect(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(body.cells).to.deep.equal([
      { day: today, orgUnit: DISTRICT, vaccine: 'COVISHIELD', dose: 1, sex: 'Female', ageBand: '30-44', issued: 6, revoked: 'suppressed' },
      { day: today, orgUnit: DISTRICT, vaccine: 'COVISHIELD', dose: 1, sex: 'Male', ageBand: '30-44', issued: 'suppressed', revoked: 'suppressed' },
    ]);
    expect(body.shownTotals).to.deep.equal({ issued: 6, revoked: 0 });
    expect(JSON.stringify(body)).to.not.contain('Person Number').and.not.contain('1990-01-01').and.not.contain('TEperson');
    const csv = await stats().set('Accept', 'text/csv').expect(200).expect('Content-Type', /text\/csv/);
    expect(csv.text.trim().split('\r\n')).to.deep.equal([
      'day,orgUnit,vaccine,dose,sex,ageBand,issued,revoked',
      `${today},${DISTRICT},COVISHIELD,1,Female,30-44,6,suppressed`,
      `${today},${DISTRICT},COVISHIELD,1,Male,30-44,suppressed,suppressed`,
    ]);
  });

  it('should erase a holder: revoked in the status list, unknown to citizens, audited without personal data, still counted', async () => {
    const { body } = await request(api.app).post(`/admin/certificates/${ids[0]}/erase`).set('Authorization', `Bearer ${TOKENS.amara}`)
      .send({ reason: 'GDPR article 17 request #12' }).expect(200);
    expect(body).to.include({ deadLetters: 0 });
    expect(body.certificateIds).to.deep.equal([ids[0]]);
    await request(api.app).get(`/certificates/${ids[0]}?dob=1990-01-01`).expect(404);
    await request(api.app).get(`/certificates/${ids[1]}?dob=1990-01-01`).expect(200);
    const erased = (await api.store.findByCertificateId(ids[0]!))!;
    const list = JSON.parse((await request(api.app).get('/status/revocation/1').expect(200)).text);
    expect(isStatusSet(decodeStatusList(list.credentialSubject.encodedList), erased.statusListIndex!)).to.equal(true);
    const [entry] = (await request(api.app).get('/admin/audit').set('Authorization', `Bearer ${TOKENS.amara}`).expect(200)).body.entries;
    expect(entry).to.include({ action: 'subject.erase', actor: 'amara', target: ids[0], reason: 'GDPR article 17 request #12' });
    expect(JSON.stringify(entry)).to.not.contain('Person Number').and.not.contain('1990-01-01');
    await request(api.app).post(`/admin/certificates/${ids[0]}/reinstate`).set('Authorization', `Bearer ${TOKENS.amara}`)
      .send({ reason: 'undo' }).expect(409);
    await request(api.app).post(`/admin/certificates/${ids[0]}/erase`).set('Authorization', `Bearer ${TOKENS.amara}`)
      .send({ reason: 'again please' }).expect(409);
    const female = (await stats().expect(200)).body.cells[0];
    expect(female).to.include({ sex: 'Female', issued: 6, revoked: 'suppressed' });
  });
});

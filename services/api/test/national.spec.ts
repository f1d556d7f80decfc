import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { connectKafkaBus } from '@healthcred/bus';
import type { BusMessage, EventBus } from '@healthcred/bus';
import { connectMongoStore } from '@healthcred/store';
import { mockVaccinationRecord } from '@healthcred/testing';
import { DOB, TOKENS, startApiOn, type TestApi } from './fixtures/api.js';

const brokers = process.env['KAFKA_BROKERS'];
const uri = process.env['MONGODB_URI'];
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

if (!brokers || !uri) {
  console.log('NOTICE: API on the national tier skipped: KAFKA_BROKERS and MONGODB_URI are not set');
} else {
  describe('API on the national tier (Kafka and MongoDB)', function () {
    this.timeout(60_000);
    const run = `api_${randomUUID().slice(0, 8)}`;
    const env = { TOPIC_DHIS2: `${run}.dhis2` };
    let api: TestApi<EventBus>;

    before(async () => {
      const store = await connectMongoStore({ uri, dbName: run });
      const bus = await connectKafkaBus({ brokers: brokers.split(','), clientId: run, retryDelayMs: 100 });
      api = startApiOn({ store, bus }, env);
    });

    after(async () => {
      await api.close();
      const connection = await mongoose.createConnection(uri, { dbName: run }).asPromise();
      await connection.dropDatabase();
      await connection.close();
    });

    it('should answer /ready with the store and the bus reachable', async () => {
      expect((await request(api.app).get('/ready').expect(200)).body).to.deep.equal({ status: 'ready', down: [] });
    });

    it('should issue for a system once, give the citizen the credential, and verify it', async () => {
      const body = { sourceKey: `${run}:1`, kind: 'vaccination', record: mockVaccinationRecord() };
      const first = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(body).expect(201);
      const replay = await request(api.app).post('/credentials/issue').set(as(TOKENS.issue)).send(body).expect(200);
      expect(replay.body).to.include({ outcome: 'duplicate', certificateId: first.body.certificateId });
      const credential = (await request(api.app).get(`/certificates/${first.body.certificateId}?dob=${DOB}`).expect(200)).body;
      expect(credential).to.deep.equal(first.body.verifiableCredential);
      expect((await request(api.app).post('/credentials/verify').send({ verifiableCredential: credential })).body.verified).to.equal(true);
    });

    it('should revoke with a reason in the audit log, after which the credential fails verification as revoked', async () => {
      const { certificateId, credential } = await api.issue(2);
      await request(api.app).post(`/admin/certificates/${certificateId}/revoke`).set(as(TOKENS.amara))
        .send({ reason: 'issued in error' }).expect(200);
      const result = (await request(api.app).post('/credentials/verify').send({ verifiableCredential: credential })).body;
      expect(result.errors.map((e: { code: string }) => e.code)).to.deep.equal(['revoked']);
      const [entry] = (await request(api.app).get(`/admin/audit?target=${certificateId}`).set(as(TOKENS.kasun))).body.entries;
      expect(entry).to.include({ actor: 'amara', action: 'certificate.revoke', reason: 'issued in error' });
    });

    it("should put a DHIS2 webhook payload on the Kafka topic, keyed by the person's tracked entity", async () => {
      const received: BusMessage[] = [];
      const subscription = await api.bus.subscribe({
        groupId: `${run}.webhook`, topics: [env.TOPIC_DHIS2], fromBeginning: true,
        handle: async (message) => {
          received.push(message);
        },
      });
      const payload = { trackedEntity: 'PQfMcpmXeFE', attributes: [], enrollments: [] };
      await request(api.app).post('/dhis2/webhook').set(as(TOKENS.webhook)).send(payload).expect(202);
      for (let i = 0; i < 200 && received.length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      await subscription.stop();
      expect(received.map((m) => [m.key, m.value])).to.deep.equal([['PQfMcpmXeFE', JSON.stringify(payload)]]);
    });

    it('should refuse the eleventh wrong birth date within a minute, counted in the store', async () => {
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
      const { certificateId } = await api.issue(3);
      for (let i = 0; i < 10; i++) await request(api.app).get(`/certificates/${certificateId}?dob=1990-02-01`).expect(404);
      await request(api.app).get(`/certificates/${certificateId}?dob=1990-02-01`).expect(429);
    });
  });
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { loadConfig } from '@healthcred/config';
import { runIssuer, type RunningIssuer } from '@healthcred/pipeline';
import { createLogger } from '@healthcred/runtime';
import { STAND_IN_TOKEN, completedDoses, covacPopulation, startStandInDhis2, until, type StandInDhis2 } from '@healthcred/testing';

const brokers = process.env['KAFKA_BROKERS'];
const uri = process.env['MONGODB_URI'];

if (!brokers || !uri) {
  console.log('NOTICE: DHIS2 pull on the national tier skipped: KAFKA_BROKERS and MONGODB_URI are not set');
} else {
  describe('issuer pulling from DHIS2 on the national tier (Kafka, MongoDB)', function () {
    this.timeout(180_000);
    const run = `sync_${randomUUID().slice(0, 8)}`;
    let dataDir: string;
    let dhis2: StandInDhis2;
    let issuer: RunningIssuer | undefined;

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'healthcred-sync-national-'));
      dhis2 = await startStandInDhis2({ version: '2.40.5', trackedEntities: covacPopulation({ people: 6 }) });
    });
    after(async () => {
      await issuer?.stop();
      await dhis2.close();
      const connection = await mongoose.createConnection(uri, { dbName: run }).asPromise();
      await connection.dropDatabase();
      await connection.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('should certify every completed dose, keeping org units and watermarks in MongoDB', async () => {
      const topics = Object.fromEntries(['DHIS2', 'CERTIFY', 'CERTIFIED', 'ACK', 'DEAD_LETTER']
        .map((name) => [`TOPIC_${name}`, `${run}.${name.toLowerCase()}`]));
      const config = loadConfig({
        HEALTHCRED_TIER: 'national', KAFKA_BROKERS: brokers, MONGODB_URI: uri, MONGODB_DB: run, ISSUER_COUNTRY: 'LK',
        HEALTHCRED_CREATE_DEV_KEY: 'true', HEALTHCRED_DATA_DIR: dataDir, ISSUER_SIGNING_THREADS: '0', ...topics,
        DHIS2_URL: dhis2.url, DHIS2_TOKEN: STAND_IN_TOKEN, DHIS2_SYNC_PAGE_SIZE: '5', DHIS2_SYNC_INTERVAL_SECONDS: '5',
      });
      issuer = await runIssuer(config, createLogger({ name: 'issuer', level: 'silent' }));
      const doses = completedDoses(dhis2.trackedEntities);
      const deadline = Date.now() + 150_000;
      while ((await issuer.infrastructure.store.count()) < doses.length || issuer.sync!.loop.status().pulls < 1) {
        if (Date.now() > deadline) throw new Error('timed out waiting for one certificate per dose');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const certificates = await issuer.infrastructure.store.list({ limit: 100 });
      expect(certificates.map((c) => c.sourceKey.split(':')[2]).sort()).to.deep.equal([...doses].sort());
      const connection = await mongoose.createConnection(uri, { dbName: run }).asPromise();
      try {
        expect(await connection.collection('org_units').countDocuments()).to.equal(dhis2.orgUnits.length);
        const marks = await connection.collection('sync_watermarks').find().toArray();
        expect(marks.map((mark) => String(mark._id)).sort()).to.deep.equal([
          `dhis2:${dhis2.url}:yDuAzyqYABS`, `dhis2:${dhis2.url}:yDuAzyqYABS:trackedEntities`]);
      } finally {
        await connection.close();
      }
    });

    it('should revoke the certificate of a dose deleted in DHIS2 at the next pull', async () => {
      const [dose] = completedDoses(dhis2.trackedEntities);
      const owner = dhis2.trackedEntities.find((entity) => entity.events.some((event) => event.event === dose))!;
      owner.events.find((event) => event.event === dose)!.deleted = true;
      dhis2.touch(dose!);
      const store = issuer!.infrastructure.store;
      const prefix = `dhis2:${owner.trackedEntity}:${dose}:`;
      await until(async () => (await store.listCurrentBySourceKeyPrefix(prefix))[0]?.status === 'revoked',
        `the certificate of ${dose} to be revoked`, 60_000);
      const found = await store.listCurrentBySourceKeyPrefix(prefix);
      expect(found).to.have.length(1);
      expect(found[0]!.statusReason).to.equal(`deleted in DHIS2 (event ${dose})`);
      // The audit entry is written just after the status change, so it may trail it.
      await until(async () => (await store.listAudit({ target: found[0]!.certificateId }))
        .some((entry) => entry.action === 'certificate.withdraw'), `the withdrawal of ${dose} in the audit log`);
      expect(await store.count({ status: 'revoked' })).to.equal(1);
    });
  });
}

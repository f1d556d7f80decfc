import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { HealthcredError } from '@healthcred/errors';
import { connectMongoStore } from '@healthcred/store';
import type { CredentialStore } from '@healthcred/store';
import { describeStoreContract } from './contract/store-contract.js';
import { mockCertificate } from '@healthcred/testing';

const uri = process.env['MONGODB_URI'];

/**
 * FerretDB 1.24 (the tests' stand-in, on SQLite) runs an update as a read, then a write by _id that does not check
 * the filter again (internal/handler/msg_update.go, backends/sqlite UpdateAll). Concurrent updates of one document
 * therefore lose increments, and two conditional updates can both match it. These cases need a real MongoDB.
 */
const FERRETDB_UNSUPPORTED = new Map([
  ['should leave one current certificate after concurrent corrections of one key',
    'FerretDB 1.24 updates are not atomic: two corrections can both retire the same current certificate'],
  ['should not reuse positions across connections reserving at the same time',
    'FerretDB 1.24 $inc is a read, then a write: concurrent reservations get the same positions'],
  ['should count attempts from several connections together (a limit holds across replicas)',
    'FerretDB 1.24 $inc is a read, then a write: concurrent attempts are lost'],
]);

/** FerretDB answers buildInfo with its own version; MongoDB does not. */
async function serverFlavour(): Promise<{ ferretdb?: string }> {
  const connection = await mongoose.createConnection(uri!).asPromise();
  try {
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    return typeof info['ferretdbVersion'] === 'string' ? { ferretdb: info['ferretdbVersion'] } : {};
  } finally {
    await connection.close();
  }
}

if (uri === undefined || uri === '') {
  console.log('NOTICE: MongoDB contract suite skipped: MONGODB_URI is not set');
} else {
  describeStoreContract({
    name: 'MongoDB',
    shared: true,
    async unsupported() {
      const { ferretdb } = await serverFlavour();
      if (ferretdb === undefined) return new Map();
      console.log(`NOTICE: MONGODB_URI is FerretDB ${ferretdb}: ${FERRETDB_UNSUPPORTED.size} cases need a real MongoDB (listed as pending)`);
      return FERRETDB_UNSUPPORTED;
    },
    async createHarness() {
      const dbName = `healthcred_test_${randomUUID().slice(0, 8)}`;
      const opened: CredentialStore[] = [await connectMongoStore({ uri, dbName })];
      return {
        store: opened[0]!,
        async connectAgain() {
          opened.push(await connectMongoStore({ uri, dbName }));
          return opened[opened.length - 1]!;
        },
        async destroy() {
          await Promise.all(opened.map((store) => store.close()));
          const admin = await mongoose.createConnection(uri, { dbName }).asPromise();
          await admin.dropDatabase();
          await admin.close();
        },
      };
    },
  });
}

describe('connectMongoStore()', () => {
  describe('negative', () => {
    it('rejects with a retryable internal error when no server answers', async function () {
      this.timeout(15_000);
      const error = await connectMongoStore({ uri: 'mongodb://127.0.0.1:9/?directConnection=true' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(HealthcredError).and.to.include({ code: 'internal', retryable: true });
      expect((error as Error).message).to.equal('Could not connect to MongoDB.');
    });
  });
});

if (uri !== undefined && uri !== '') {
  describe('connectMongoStore() on a database of an earlier version', () => {
    const dbName = `healthcred_test_${randomUUID().slice(0, 8)}`;
    let connection: mongoose.Connection;
    before(async () => {
      connection = await mongoose.createConnection(uri, { dbName }).asPromise();
    });
    after(async () => {
      await connection.dropDatabase();
      await connection.close();
    });

    it('should rebuild an index whose definition changed and give old current certificates their currentSourceKey', async () => {
      const certificates = connection.db!.collection('certificates');
      // The index as earlier versions built it (partial); FerretDB has no partial indexes, so there the stand-in is
      // another definition under the same name (plain, not unique), which FerretDB would otherwise keep silently.
      const old = await certificates.createIndex({ statusListIndex: 1 },
        { name: 'statusListIndex_1', unique: true, partialFilterExpression: { statusListIndex: { $exists: true } } })
        .catch(async (error: { code?: number }) => {
          if (error.code !== 238) throw error;
          return certificates.createIndex({ statusListIndex: 1 }, { name: 'statusListIndex_1' });
        });
      expect(old).to.equal('statusListIndex_1');
      const saved = mockCertificate(1, { statusListIndex: 5 });
      await certificates.insertOne({ ...saved, status: 'issued', updatedAt: saved.issuedAt, current: true });

      const store = await connectMongoStore({ uri, dbName });
      try {
        const index = (await certificates.listIndexes().toArray()).find((i) => i.name === 'statusListIndex_1');
        expect(index).to.include({ unique: true }).and.not.to.have.property('partialFilterExpression');
        expect(await rejection(store.saveIssued(mockCertificate(2, { statusListIndex: 5 })))).to.include({ code: 'conflict' });
        expect((await store.findCurrentBySourceKey(saved.sourceKey))?.certificateId).to.equal(saved.certificateId);
        expect((await store.saveIssued(mockCertificate(1))).outcome, 'the old certificate is still its source\'s current one').to.equal('duplicate');
      } finally {
        await store.close();
      }
      const again = await connectMongoStore({ uri, dbName });
      await again.close();
      expect(await certificates.countDocuments({ current: true, currentSourceKey: saved.sourceKey })).to.equal(1);
    });
  });
}

function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => expect.fail('resolved'), (error: Error) => error);
}

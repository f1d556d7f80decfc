import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { HealthcredError } from '@healthcred/errors';
import { connectMongoStore } from '@healthcred/store';
import type { CredentialStore } from '@healthcred/store';
import { describeStoreContract } from './contract/store-contract.js';

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

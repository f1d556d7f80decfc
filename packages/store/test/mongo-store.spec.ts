import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { HealthcredError } from '@healthcred/errors';
import { connectMongoStore } from '@healthcred/store';
import type { CredentialStore } from '@healthcred/store';
import { describeStoreContract } from './contract/store-contract.js';

const uri = process.env['MONGODB_URI'];

if (uri === undefined || uri === '') {
  console.log('NOTICE: MongoDB contract suite skipped: MONGODB_URI is not set');
} else {
  describeStoreContract({
    name: 'MongoDB',
    shared: true,
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

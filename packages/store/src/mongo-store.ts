import mongoose from 'mongoose';
import type { CredentialStore } from './credential-store.js';
import { mongoAttempts } from './mongo-attempts.js';
import { mongoAuditLog } from './mongo-audit.js';
import { mongoCertificates } from './mongo-certificates.js';
import type { MongoContext } from './mongo-context.js';
import { mongoDeadLetters } from './mongo-dead-letters.js';
import { createModels } from './mongo-models.js';
import { mongoPrivacyStore } from './mongo-privacy.js';
import { mongoStatusPositions } from './mongo-status-positions.js';
import { guard } from './store-error.js';

/** Options of {@link connectMongoStore}. */
export interface MongoStoreOptions {
  /** MongoDB connection string, e.g. `mongodb://localhost:27017/?replicaSet=rs0`. */
  uri: string;
  /** Database name. Default: the one named in `uri` (MongoDB's `test` when it names none). */
  dbName?: string;
  /** Clock for `updatedAt`. Default `() => new Date()`. */
  now?: () => Date;
}

/** Every port's MongoDB adapter on one connection. */
function composeStore(context: MongoContext): CredentialStore {
  const { connection, models } = context;
  return {
    ...mongoCertificates(context),
    ...mongoStatusPositions(models),
    ...mongoDeadLetters(models),
    ...mongoAttempts(models),
    ...mongoAuditLog(models),
    ...mongoPrivacyStore(context),
    ping: () => guard('reach the database', async () => {
      if (connection.db === undefined) throw new Error('not connected');
      await connection.db.command({ ping: 1 });
    }, true),
    close: () => connection.close(),
  };
}

/**
 * Connects the MongoDB credential store (national tier) on its own mongoose connection, builds the indexes
 * (unique certificateId and credentialId, unique sourceKey among current certificates, subjectId, status, unique
 * statusListIndex) and returns when they exist. Runs on MongoDB and on FerretDB 1.24 (see the store README for
 * what FerretDB does not serve).
 *
 * `saveIssued` runs in a multi-document transaction when the server supports them (replica set or mongos). On a
 * standalone mongod it runs the same conditional writes without a transaction: concurrent saves still give one
 * winner (the unique index decides), but a correction is two writes, so a crash between them leaves the old
 * certificate revoked without a current one until the event is redelivered. Run MongoDB as a replica set
 * (a single-node one is enough) in production.
 * @throws HealthcredError `internal` (retryable) when the server cannot be reached or the indexes not built.
 */
export async function connectMongoStore(options: MongoStoreOptions): Promise<CredentialStore> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName, serverSelectionTimeoutMS: 5_000,
  });
  return guard('connect to MongoDB', async () => {
    try {
      await connection.asPromise();
      const models = await createModels(connection);
      const hello = await connection.db?.admin().command({ hello: 1 });
      const transactions = typeof hello?.['setName'] === 'string' || hello?.['msg'] === 'isdbgrid';
      return composeStore({ connection, models, transactions, now: options.now ?? (() => new Date()) });
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }, true);
}

import type { Connection } from 'mongoose';
import type { StoreModels } from './mongo-models.js';

/** What every MongoDB adapter of a port shares: the store's one connection, its models, and its clock. */
export interface MongoContext {
  connection: Connection;
  models: StoreModels;
  /** Whether the server runs multi-document transactions (a replica set or mongos; FerretDB does not). */
  transactions: boolean;
  /** Clock for `updatedAt`. */
  now: () => Date;
}

import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { guard } from './store-error.js';

/** Options of the MongoDB adapters of `OrgUnitDirectory` and `SyncWatermarks`. */
export interface MongoStateOptions {
  /** MongoDB connection string. */
  uri: string;
  /** Database name. Default: the one named in `uri`. */
  dbName?: string;
  /** Clock for `updatedAt`. Default `() => new Date()`. */
  now?: () => Date;
}

export interface OrgUnitDocument { _id: string; name: string; level: number; path: string; code?: string; shortName?: string;
  parent?: string }
export interface WatermarkDocument { _id: string; value: string; updatedAt: string }

/** Connects to the database of `options`, naming `what` in a failure. */
export function connectState(options: MongoStateOptions, what: string): Promise<Connection> {
  return guard(`connect the ${what}`, () => mongoose.createConnection(options.uri,
    options.dbName === undefined ? {} : { dbName: options.dbName }).asPromise(), true);
}

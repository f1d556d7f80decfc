import type Database from 'better-sqlite3';
import { openDatabase } from '@healthcred/sqlite';

/** Options of the SQLite adapters of `OrgUnitDirectory` and `SyncWatermarks`. */
export interface SqliteStateOptions {
  /** Database file (created if missing; several processes may share it), or `':memory:'`. */
  path: string;
  /** Clock for `updatedAt`. Default `() => new Date()`. */
  now?: () => Date;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS org_units (id TEXT PRIMARY KEY, name TEXT NOT NULL, level INTEGER NOT NULL,
  path TEXT NOT NULL, code TEXT, short_name TEXT, parent TEXT);
CREATE TABLE IF NOT EXISTS sync_watermarks (source TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);`;

/** Opens the shared state file and creates its tables. */
export function openStateDatabase(path: string): Database.Database {
  const db = openDatabase(path, { synchronous: 'full' });
  db.exec(SCHEMA);
  return db;
}

import type Database from 'better-sqlite3';

/** What every SQLite adapter of a port shares: the store's one connection, its clock, and its guard. */
export interface SqliteContext {
  db: Database.Database;
  /** Clock for `updatedAt`. */
  now: () => Date;
  /** `guard` (store-error.ts) that also notes what the engine met: a corrupt page makes `ping` fail from then on. */
  guard<T>(action: string, work: () => T, retryableByDefault?: boolean): Promise<T>;
}

/** An optional status filter, bound as a named parameter (`NULL` = any status). */
export interface StatusFilter {
  status: string | null;
}

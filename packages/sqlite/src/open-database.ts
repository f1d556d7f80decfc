import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** SQLite `synchronous`: `full` fsyncs each commit, `normal` may lose the last commits on a power loss. */
  synchronous: 'full' | 'normal';
  /**
   * The most bytes the database may hold (SQLite `max_page_count`): a write that would grow it further fails with
   * SQLITE_FULL, as on a full disk. For a quota that leaves room on a shared disk, and for tests. Default: no limit.
   */
  maxBytes?: number;
}

/** Creates `path` readable and writable by its owner only, unless it exists (SQLite's journal files take its mode). */
function createOwnerOnly(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Opens (creating when missing, mode 0600) a SQLite database file as healthcred's adapters use it: WAL journal so
 * readers never block the writer and several processes may share the file, a busy timeout instead of immediate
 * SQLITE_BUSY, and the given `synchronous` level. `':memory:'` gives a private in-memory database.
 * @throws the engine's or file system's error (with its `code`: `SQLITE_READONLY`, `EROFS`, `ENOSPC`, ...); see
 *   `describeStorageFailure` for words.
 * @throws RangeError when `maxBytes` is not a positive integer.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): Database.Database {
  if (options.maxBytes !== undefined && (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 1)) {
    throw new RangeError('"maxBytes" must be a positive integer.');
  }
  if (path !== ':memory:') createOwnerOnly(path);
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    if (options.maxBytes !== undefined) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

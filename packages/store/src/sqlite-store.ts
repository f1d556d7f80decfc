import type Database from 'better-sqlite3';
import { describeStorageFailure, HealthcredError } from '@healthcred/errors';
import { SqliteHealth } from '@healthcred/sqlite';
import type { CredentialStore } from './credential-store.js';
import { sqliteAttempts } from './sqlite-attempts.js';
import { SqliteAuditChain, sqliteAuditLog } from './sqlite-audit.js';
import { sqliteCertificates } from './sqlite-certificates.js';
import type { SqliteContext } from './sqlite-context.js';
import { sqliteDeadLetters } from './sqlite-dead-letters.js';
import { sqlitePrivacyStore } from './sqlite-privacy.js';
import { openStoreDatabase } from './sqlite-schema.js';
import { sqliteStatusPositions } from './sqlite-status-positions.js';
import { guard } from './store-error.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file (created if missing), or `':memory:'` for a private in-memory store. */
  path: string;
  /** Clock for `updatedAt`. Default `() => new Date()`. */
  now?: () => Date;
  /**
   * `'full'` (default): each write is fsynced before it resolves and survives a power loss (consume + save
   * measured here: ~1,600 events/s). `'normal'` (~3,200/s): a write survives the process being killed, but the
   * last ones may be lost on a power loss or OS crash; redelivery repairs that only when the bus offsets were lost
   * with them (bus and store in the same file share one WAL).
   */
  synchronous?: 'full' | 'normal';
  /** The most bytes the file may hold: a write beyond it fails as on a full disk (SQLite `max_page_count`). Default: no limit. */
  maxBytes?: number;
  /** How often `ping` writes to the probe table at most (see `SqliteHealth`). Default 5000 ms. */
  probeIntervalMs?: number;
}

/** The SQLite {@link CredentialStore}, with the integrity check of its file. */
export interface SqliteCredentialStore extends CredentialStore {
  /**
   * Resolves when `PRAGMA quick_check` (on a worker thread; started by the first call) finds the file sound. Once it
   * has failed, `ping` fails too. Its time grows with the file: bound the wait.
   * @throws HealthcredError `unavailable` naming the problem and what to do.
   */
  integrity(): Promise<void>;
  /**
   * Resolves when the store can serve: SQLite answers, a probe write succeeds (at most once per `probeIntervalMs`)
   * and the file can grow, no operation met a corrupt page, and the integrity check has not failed.
   * @throws HealthcredError `unavailable` (retryable) saying what is wrong, e.g. `store.sqlite cannot be written: the
   *   disk is full.`
   */
  ping(): Promise<void>;
}

/** Every port's SQLite adapter on one connection, with the store's health checks. */
function composeStore(db: Database.Database, now: () => Date, health: SqliteHealth): SqliteCredentialStore {
  const context: SqliteContext = {
    db, now, guard: (action, work, retryableByDefault = false) => guard(action, () => health.watch(work), retryableByDefault),
  };
  const audit = new SqliteAuditChain(db);
  const ping = db.prepare('SELECT 1');
  return {
    ...sqliteCertificates(context, audit),
    ...sqliteStatusPositions(context),
    ...sqliteDeadLetters(context),
    ...sqliteAttempts(context),
    ...sqliteAuditLog(audit),
    ...sqlitePrivacyStore(context),
    integrity: () => health.integrity(),
    ping: () => context.guard('reach the database', () => {
      ping.get();
      health.check();
    }, true),
    close() {
      health.stop();
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}

/**
 * Opens the SQLite credential store: a real embedded database for one machine (pilot, laptop, tests). The file
 * (created with mode 0600) may be shared by several processes (WAL, busy timeout 10 s); `saveIssued` runs in a
 * `BEGIN IMMEDIATE` transaction and the current-per-sourceKey rule is a partial unique index, so concurrent writers
 * cannot both insert. The schema is created when missing.
 * @throws HealthcredError `unavailable` naming the file and the problem when the disk is full, the file or its
 *   directory is read-only, or the file is corrupt; `internal` when it cannot be opened otherwise.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteCredentialStore {
  let db: Database.Database;
  let health: SqliteHealth;
  try {
    db = openStoreDatabase(options.path, { synchronous: options.synchronous ?? 'full', maxBytes: options.maxBytes });
    health = new SqliteHealth(db, options.path, options.probeIntervalMs === undefined ? {} : { probeIntervalMs: options.probeIntervalMs });
  } catch (error) {
    if (error instanceof RangeError) throw error;
    const storage = describeStorageFailure(error);
    throw new HealthcredError(storage ? 'unavailable' : 'internal',
      `Could not open the SQLite credential store ${options.path}${storage ? `: ${storage.problem}` : ''}.`, { cause: error });
  }
  return composeStore(db, options.now ?? (() => new Date()), health);
}

import { statfsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { describeStorageFailure, HealthcredError } from '@healthcred/errors';
import { BUSY_TIMEOUT_MS } from './open-database.js';

/** Pages a database must still be able to take (free or by growing) to count as writable: several certificates. */
const HEADROOM_PAGES = 32;
/** Free space on the disk below which the database is reported full: a WAL file grows by up to ~4 MB between checkpoints. */
const MIN_FREE_BYTES = 16 * 1024 * 1024;
const BUSY = /^SQLITE_(BUSY|LOCKED)/;

/** Options of {@link SqliteHealth}. */
export interface SqliteHealthOptions {
  /** The write probe runs at most once per this many ms; between runs its last answer is given. Default 5000. */
  probeIntervalMs?: number;
}

function codeOf(error: unknown): string {
  return String((error as { code?: unknown } | undefined)?.code ?? '');
}

/**
 * The health of one SQLite database file, for readiness checks: whether it can be written (a one-row write to a
 * probe table, rate-limited), whether it can grow (its size limit and the disk's free space), whether an operation
 * met a corrupt page, and the result of `PRAGMA quick_check` run on a worker thread ({@link SqliteHealth.integrity}).
 */
export class SqliteHealth {
  readonly #db: Database.Database;
  readonly #path: string;
  readonly #label: string;
  readonly #intervalMs: number;
  readonly #probe: Database.Statement;
  #probedAt = Number.NEGATIVE_INFINITY;
  #writeProblem: string | undefined;
  #corruption: string | undefined;
  #integrity: Promise<void> | undefined;
  #integrityProblem: string | undefined;
  #worker: Worker | undefined;
  #stopped = false;

  /** `db` must be open for writing on `path` (or `':memory:'`); creates the probe table when missing. */
  constructor(db: Database.Database, path: string, options: SqliteHealthOptions = {}) {
    this.#db = db;
    this.#path = path;
    this.#label = path === ':memory:' ? 'The in-memory database' : basename(path);
    this.#intervalMs = options.probeIntervalMs ?? 5000;
    db.exec('CREATE TABLE IF NOT EXISTS healthcred_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL)');
    this.#probe = db.prepare(`INSERT INTO healthcred_probe VALUES (1, @at) ON CONFLICT (id) DO UPDATE SET at = excluded.at`);
  }

  /** Runs `work`, noting what it met (see {@link observe}), and returns or throws as it does. */
  watch<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      this.observe(error);
      throw error;
    }
  }

  /** Notes what a real operation met: from a corrupt page on, {@link check} fails (restore the file, then restart). */
  observe(error: unknown): void {
    const failure = describeStorageFailure(error);
    if (failure !== undefined && !failure.retryable) this.#corruption ??= failure.problem;
  }

  /**
   * Throws unless the database is fit to serve: the integrity check has not failed, no operation met corruption, and
   * the last write probe (at most `probeIntervalMs` old) wrote and found room to grow.
   * @throws HealthcredError `unavailable` (retryable) saying what is wrong, e.g. `store.sqlite cannot be written: the
   *   disk is full.`
   */
  check(): void {
    const problem = this.#integrityProblem ?? (this.#corruption && `is unusable: ${this.#corruption}`) ?? this.#writable();
    if (problem !== undefined) throw new HealthcredError('unavailable', `${this.#label} ${problem}.`, { retryable: true });
  }

  /**
   * Runs `PRAGMA quick_check` on a worker thread with a read-only connection of its own (the first call starts it;
   * later calls return the same promise). Its time grows with the file (some hundred MB per second), so callers bound
   * their wait; once it has failed, {@link check} fails too.
   * @throws HealthcredError `unavailable` (not retryable) naming the first problems and what to do.
   */
  integrity(): Promise<void> {
    this.#integrity ??= this.#path === ':memory:' ? Promise.resolve() : this.#runQuickCheck().then((problems) => {
      if (problems.length === 0) return;
      this.#integrityProblem = `failed its integrity check (SQLite quick_check: ${problems.slice(0, 3).join('; ')}): `
        + `stop healthcred, restore ${this.#label} from a backup, or save what can be read with `
        + `\`sqlite3 ${this.#label} .recover | sqlite3 recovered.sqlite\` and put that in its place`;
      throw new HealthcredError('unavailable', `${this.#label} ${this.#integrityProblem}.`);
    });
    return this.#integrity;
  }

  /** Ends a running integrity check (its thread stops once SQLite returns); its promise then never settles. */
  stop(): void {
    this.#stopped = true;
    void this.#worker?.terminate();
  }

  #runQuickCheck(): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./integrity-worker.js', import.meta.url), { workerData: { path: this.#path } });
      this.#worker = worker;
      worker.unref();
      worker.once('message', (result: { problems: string[] }) => resolve(result.problems));
      worker.once('error', (error) => reject(new HealthcredError('internal', `The integrity check of ${this.#label} failed to run.`, { cause: error })));
      worker.once('exit', () => {
        if (!this.#stopped) reject(new HealthcredError('internal', `The integrity check of ${this.#label} ended without a result.`));
      });
    });
  }

  #writable(): string | undefined {
    const now = Date.now();
    if (now - this.#probedAt < this.#intervalMs) return this.#writeProblem;
    this.#probedAt = now;
    this.#writeProblem = this.#write() ?? this.#room();
    return this.#writeProblem;
  }

  #write(): string | undefined {
    // Never wait for another writer here: a held write lock means the file is being written, which is all we ask.
    this.#db.pragma('busy_timeout = 0');
    try {
      this.#probe.run({ at: new Date().toISOString() });
      return undefined;
    } catch (error) {
      if (BUSY.test(codeOf(error))) return undefined;
      return `cannot be written: ${describeStorageFailure(error)?.problem ?? `an unexpected engine error (${codeOf(error) || 'no code'})`}`;
    } finally {
      this.#db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  #room(): string | undefined {
    const pragma = (name: string) => this.#db.pragma(name, { simple: true }) as number;
    if (pragma('max_page_count') - pragma('page_count') + pragma('freelist_count') < HEADROOM_PAGES) {
      return 'cannot grow: it has reached its size limit (disk full)';
    }
    if (this.#path === ':memory:') return undefined;
    const disk = statfsSync(dirname(this.#path));
    const free = disk.bavail * disk.bsize;
    return free < MIN_FREE_BYTES ? `cannot grow: the disk is full (${Math.floor(free / 1024)} KiB free)` : undefined;
  }
}

import type Database from 'better-sqlite3';
import { describeStorageFailure, HealthcredError } from '@healthcred/errors';
import { SqliteHealth } from '@healthcred/sqlite';
import { assertSaveCauses, supersedeAuditEntry } from './audit-chain.js';
import {
  assertAttemptWindow, assertDeadLetterStatus, assertNewAuditEntry, assertNewCertificate, assertNewDeadLetter,
  assertReissue, assertReservation, assertSigningKeyQuery, assertStatusChange, assertStatusQuery, deadLetterId, decideSave,
  pageSize, supersededReason,
} from './checks.js';
import { assertPurgeOptions } from './privacy-checks.js';
import type { Erasure, ProgrammeCount, PurgeCounts, PurgeOptions } from './privacy-types.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqlitePrivacy } from './sqlite-privacy.js';
import { openStoreDatabase, toCertificate, toCertificateParams, toDeadLetter } from './sqlite-schema.js';
import type { CertificateRow, DeadLetterRow } from './sqlite-schema.js';
import { guard } from './store-error.js';
import type {
  AttemptWindow, AuditEntry, AuditHead, CertificateStatus, CredentialStore, DeadLetter, ListDeadLettersOptions, ListOptions,
  NewAuditEntry, NewCertificate, NewDeadLetter, SaveCause, SaveOutcome, SigningKeyQuery, StatusPositionQuery,
  StoredCertificate,
} from './types.js';

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

const SELECT = 'SELECT * FROM certificates';

/** An optional status filter, bound as a named parameter (`NULL` = any status). */
interface Filter {
  status: string | null;
}

function statements(db: Database.Database) {
  return {
    current: db.prepare<[string], CertificateRow>(`${SELECT} WHERE source_key = ? AND superseded_by IS NULL`),
    byId: db.prepare<[string], CertificateRow>(`${SELECT} WHERE certificate_id = ?`),
    bySubject: db.prepare<[string], CertificateRow>(`${SELECT} WHERE subject_id = ? ORDER BY issued_at, certificate_id`),
    insert: db.prepare(`INSERT INTO certificates (certificate_id, credential_id, kind, source_key, content_hash,
      subject_id, dob, issued_at, credential, status_list_index, status, status_reason, superseded_by, supersedes,
      updated_at, source_updated_at, programme) VALUES (@certificate_id, @credential_id, @kind, @source_key,
      @content_hash, @subject_id, @dob, @issued_at, @credential, @status_list_index, @status, @status_reason,
      @superseded_by, @supersedes, @updated_at, @source_updated_at, @programme)`),
    supersede: db.prepare(`UPDATE certificates SET status = 'revoked', status_reason = @reason, superseded_by = @by,
      updated_at = @at WHERE certificate_id = @id`),
    setStatus: db.prepare(`UPDATE certificates SET status = @status, status_reason = @reason, updated_at = @at
      WHERE certificate_id = @id`),
    page: db.prepare<[Filter & { after: string; limit: number }], CertificateRow>(`${SELECT}
      WHERE certificate_id > @after AND (@status IS NULL OR status = @status) ORDER BY certificate_id LIMIT @limit`),
    count: db.prepare<[Filter], { n: number }>(
      'SELECT count(*) AS n FROM certificates WHERE @status IS NULL OR status = @status'),
    // The expression is the one of the certificates_signing_key index, which serves both statements.
    bySigningKey: db.prepare<[Filter & { key: string; after: string; limit: number }], CertificateRow>(`${SELECT}
      WHERE json_extract(credential, '$.proof.verificationMethod') = @key AND superseded_by IS NULL
      AND certificate_id > @after AND (@status IS NULL OR status = @status) ORDER BY certificate_id LIMIT @limit`),
    countBySigningKey: db.prepare<[Filter & { key: string }], { n: number }>(`SELECT count(*) AS n FROM certificates
      WHERE json_extract(credential, '$.proof.verificationMethod') = @key AND superseded_by IS NULL
      AND (@status IS NULL OR status = @status)`),
    upsertDeadLetter: db.prepare(`INSERT INTO dead_letters VALUES (@id, @topic, @key, @payload, @code, @reason,
      @attempts, @at, @at, 'open') ON CONFLICT (id) DO UPDATE SET code = excluded.code, reason = excluded.reason,
      attempts = attempts + excluded.attempts, last_seen_at = excluded.last_seen_at, status = 'open'`),
    deadLetter: db.prepare<[string], DeadLetterRow>('SELECT * FROM dead_letters WHERE id = ?'),
    deadLetters: db.prepare<[Filter & { limit: number }], DeadLetterRow>(`SELECT * FROM dead_letters
      WHERE @status IS NULL OR status = @status ORDER BY last_seen_at DESC, id LIMIT @limit`),
    setDeadLetterStatus: db.prepare('UPDATE dead_letters SET status = @status WHERE id = @id'),
    statusPositions: db.prepare<[{ from: number; to: number; statuses: string }], { p: number }>(`SELECT
      status_list_index AS p FROM certificates WHERE status_list_index >= @from AND status_list_index < @to
      AND status IN (SELECT value FROM json_each(@statuses)) ORDER BY status_list_index`),
    ping: db.prepare('SELECT 1'),
  };
}

class SqliteStore implements SqliteCredentialStore {
  readonly #db: Database.Database;
  readonly #health: SqliteHealth;
  readonly #sql: ReturnType<typeof statements>;
  readonly #now: () => Date;
  readonly #ledger: SqliteLedger;
  readonly #privacy: SqlitePrivacy;
  readonly #save: Database.Transaction<(certificates: NewCertificate[], causes?: readonly SaveCause[]) => SaveOutcome[]>;

  constructor(db: Database.Database, now: () => Date, health: SqliteHealth) {
    this.#db = db;
    this.#health = health;
    this.#sql = statements(db);
    this.#ledger = new SqliteLedger(db);
    this.#privacy = new SqlitePrivacy(db);
    this.#now = now;
    this.#save = db.transaction((certificates: NewCertificate[], causes?: readonly SaveCause[]) =>
      certificates.map((c, i) => this.#saveInTransaction(c, causes?.[i])));
  }

  #saveInTransaction(incoming: NewCertificate, cause: SaveCause | undefined): SaveOutcome {
    const row = this.#sql.current.get(incoming.sourceKey);
    const current = row === undefined ? undefined : toCertificate(row);
    const decision = decideSave(current, incoming);
    if (decision === 'duplicate' || decision === 'stale') {
      return { outcome: decision, certificate: current as StoredCertificate };
    }
    const at = this.#now().toISOString();
    const certificate: StoredCertificate = { ...incoming, status: 'issued', updatedAt: at };
    if (decision === 'insert' || current === undefined) {
      this.#sql.insert.run(toCertificateParams(certificate));
      return { outcome: 'inserted', certificate };
    }
    const reason = supersededReason(incoming.certificateId);
    this.#sql.supersede.run({ id: current.certificateId, by: incoming.certificateId, reason, at });
    certificate.supersedes = current.certificateId;
    this.#sql.insert.run(toCertificateParams(certificate));
    const previous: StoredCertificate = {
      ...current, status: 'revoked', statusReason: reason, supersededBy: incoming.certificateId, updatedAt: at,
    };
    this.#ledger.appendAudit(supersedeAuditEntry({ previous, certificate, cause, at }));
    return { outcome: 'superseded', certificate, previous };
  }

  saveIssued(certificate: NewCertificate, cause?: SaveCause): Promise<SaveOutcome> {
    return this.#guard('save the certificate', () => {
      assertNewCertificate(certificate);
      const causes = cause === undefined ? undefined : [cause];
      assertSaveCauses(causes, 1);
      return this.#save.immediate([certificate], causes)[0] as SaveOutcome;
    });
  }

  saveIssuedMany(certificates: NewCertificate[], causes?: readonly SaveCause[]): Promise<SaveOutcome[]> {
    return this.#guard('save the certificates', () => {
      if (!Array.isArray(certificates)) throw new TypeError('"certificates" must be an array.');
      certificates.forEach(assertNewCertificate);
      assertSaveCauses(causes, certificates.length);
      return certificates.length === 0 ? [] : this.#save.immediate(certificates, causes);
    });
  }

  reserveStatusPositions(count: number): Promise<number> {
    return this.#guard('reserve status positions', () => {
      assertReservation(count);
      return this.#ledger.reserveStatusPositions(count);
    });
  }

  listStatusPositions(query: StatusPositionQuery): Promise<number[]> {
    return this.#guard('read the status positions', () => {
      assertStatusQuery(query);
      return this.#sql.statusPositions.all({ ...query, statuses: JSON.stringify(query.statuses) }).map((row) => row.p);
    });
  }

  addAttempt(attempt: AttemptWindow & { expiresAt: Date }): Promise<number> {
    return this.#guard('count the attempt', () => {
      assertAttemptWindow(attempt);
      return this.#ledger.addAttempt(attempt);
    });
  }

  countAttempts(attempt: AttemptWindow): Promise<number> {
    return this.#guard('read the attempts', () => {
      assertAttemptWindow(attempt);
      return this.#ledger.countAttempts(attempt);
    });
  }

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return guard('write the audit log', () => {
      assertNewAuditEntry(entry);
      return this.#ledger.appendAudit(entry);
    });
  }

  listAudit(options: { limit?: number; target?: string } = {}): Promise<AuditEntry[]> {
    return guard('read the audit log', () => this.#ledger.listAudit({ ...options, limit: pageSize(options.limit) }));
  }

  async *readAuditLog(): AsyncIterable<AuditEntry> {
    for (let after: number | undefined; ;) {
      const page = await guard('read the audit log', () => this.#ledger.auditPage(after));
      if (page.last === undefined) return;
      yield* page.entries;
      after = page.last;
    }
  }

  auditHead(): Promise<AuditHead | undefined> {
    return guard('read the audit log', () => this.#ledger.auditHead());
  }

  saveReissued(previousCertificateId: string, incoming: NewCertificate, reason: string): Promise<SaveOutcome & { outcome: 'superseded' }> {
    return this.#guard('save the re-issued certificate', () => {
      assertNewCertificate(incoming);
      return this.#db.transaction(() => {
        const row = this.#sql.byId.get(String(previousCertificateId));
        const previous = row === undefined ? undefined : toCertificate(row);
        assertReissue(previous, incoming, reason);
        const at = this.#now().toISOString();
        this.#sql.supersede.run({ id: previous!.certificateId, by: incoming.certificateId, reason, at });
        const certificate: StoredCertificate = { ...incoming, status: 'issued', updatedAt: at, supersedes: previous!.certificateId };
        this.#sql.insert.run(toCertificateParams(certificate));
        return {
          outcome: 'superseded' as const, certificate,
          previous: { ...previous!, status: 'revoked' as const, statusReason: reason, supersededBy: incoming.certificateId, updatedAt: at },
        };
      }).immediate();
    });
  }

  findCurrentBySourceKey(sourceKey: string): Promise<StoredCertificate | undefined> {
    return this.#guard('read the certificate', () => this.#one(this.#sql.current.get(sourceKey)));
  }

  findByCertificateId(certificateId: string): Promise<StoredCertificate | undefined> {
    return this.#guard('read the certificate', () => this.#one(this.#sql.byId.get(certificateId)));
  }

  findBySubject(subjectId: string): Promise<StoredCertificate[]> {
    return this.#guard('read the certificates', () => this.#sql.bySubject.all(subjectId).map(toCertificate));
  }

  setStatus(certificateId: string, status: CertificateStatus, reason: string): Promise<StoredCertificate> {
    return this.#guard('change the certificate status', () => {
      assertStatusChange(status, reason);
      return this.#db.transaction(() => {
        const row = this.#sql.byId.get(certificateId);
        if (row === undefined) {
          throw new HealthcredError('not_found', 'No certificate has this certificateId.', { field: 'certificateId' });
        }
        if (row.erased_at !== null) {
          throw new HealthcredError('conflict', 'An erased certificate stays revoked.', { field: 'status' });
        }
        if (row.superseded_by !== null && status !== 'revoked') {
          throw new HealthcredError('conflict', 'A superseded certificate stays revoked.', { field: 'status' });
        }
        this.#sql.setStatus.run({ id: certificateId, status, reason, at: this.#now().toISOString() });
        return toCertificate(this.#sql.byId.get(certificateId) as CertificateRow);
      }).immediate();
    });
  }

  list(options: ListOptions = {}): Promise<StoredCertificate[]> {
    return this.#guard('list the certificates', () => {
      const limit = pageSize(options.limit);
      return this.#sql.page.all({ after: options.after ?? '', status: options.status ?? null, limit }).map(toCertificate);
    });
  }

  count(options: { status?: CertificateStatus } = {}): Promise<number> {
    return this.#guard('count the certificates', () => (this.#sql.count.get({ status: options.status ?? null }) as { n: number }).n);
  }

  listCurrentBySigningKey(query: SigningKeyQuery): Promise<StoredCertificate[]> {
    return this.#guard('list the certificates of a key', () => {
      assertSigningKeyQuery(query);
      const limit = pageSize(query.limit);
      return this.#sql.bySigningKey.all({
        key: query.verificationMethod, status: query.status ?? null, after: query.after ?? '', limit,
      }).map(toCertificate);
    });
  }

  countCurrentBySigningKey(query: Omit<SigningKeyQuery, 'limit' | 'after'>): Promise<number> {
    return this.#guard('count the certificates of a key', () => {
      assertSigningKeyQuery(query);
      return (this.#sql.countBySigningKey.get({ key: query.verificationMethod, status: query.status ?? null }) as { n: number }).n;
    });
  }

  saveDeadLetter(entry: NewDeadLetter): Promise<DeadLetter> {
    return this.#guard('save the dead letter', () => {
      assertNewDeadLetter(entry);
      const id = deadLetterId(entry);
      return this.#db.transaction(() => {
        this.#sql.upsertDeadLetter.run({
          id, topic: entry.topic, key: entry.key ?? null, payload: entry.payload, code: entry.code,
          reason: entry.reason, attempts: entry.attempts, at: entry.at,
        });
        return toDeadLetter(this.#sql.deadLetter.get(id) as DeadLetterRow);
      }).immediate();
    });
  }

  findDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return this.#guard('read the dead letter', () => {
      const row = this.#sql.deadLetter.get(String(id));
      return row === undefined ? undefined : toDeadLetter(row);
    });
  }

  listDeadLetters(options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
    return this.#guard('list the dead letters', () =>
      this.#sql.deadLetters.all({ status: options.status ?? null, limit: pageSize(options.limit) }).map(toDeadLetter));
  }

  setDeadLetterStatus(id: string, status: DeadLetter['status']): Promise<DeadLetter> {
    return this.#guard('change the dead letter status', () => {
      assertDeadLetterStatus(status);
      if (this.#sql.setDeadLetterStatus.run({ id, status }).changes === 0) {
        throw new HealthcredError('not_found', 'No dead letter has this id.', { field: 'id' });
      }
      return toDeadLetter(this.#sql.deadLetter.get(id) as DeadLetterRow);
    });
  }

  async eraseSubject(certificateId: string): Promise<Erasure> {
    const erasure = await this.#guard('erase the personal data', () => this.#privacy.erase(String(certificateId), this.#now().toISOString()));
    // Readers in other processes (the API, the issuer) can hold the WAL for a moment: wait for them, up to 10 s.
    for (let attempt = 0; !await this.#guard('truncate the WAL', () => this.#privacy.truncateWal()); attempt++) {
      if (attempt >= 100) return { ...erasure, walTruncated: false };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return erasure;
  }

  purgeExpired(options: PurgeOptions): Promise<PurgeCounts> {
    return this.#guard('purge expired entries', () => {
      assertPurgeOptions(options);
      return this.#privacy.purge(options);
    });
  }

  countProgramme(): Promise<ProgrammeCount[]> {
    return this.#guard('count the certificates', () => this.#privacy.countProgramme());
  }

  integrity(): Promise<void> {
    return this.#health.integrity();
  }

  ping(): Promise<void> {
    return this.#guard('reach the database', () => {
      this.#sql.ping.get();
      this.#health.check();
    }, true);
  }

  close(): Promise<void> {
    this.#health.stop();
    if (this.#db.open) {
      this.#db.close();
    }
    return Promise.resolve();
  }

  /** {@link guard}, noting what the engine met (a corrupt page makes `ping` fail from then on). */
  #guard<T>(action: string, work: () => T, retryableByDefault = false): Promise<T> {
    return guard(action, () => this.#health.watch(work), retryableByDefault);
  }

  #one(row: CertificateRow | undefined): StoredCertificate | undefined {
    return row === undefined ? undefined : toCertificate(row);
  }
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
  return new SqliteStore(db, options.now ?? (() => new Date()), health);
}

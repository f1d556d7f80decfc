import type Database from 'better-sqlite3';
import { ERASED_REASON, assertErasable, assertPurgeOptions, erasedSourceKey, erasureMarks, holdsMark } from './privacy-checks.js';
import type { PrivacyStore } from './privacy-store.js';
import type { Erasure, ProgrammeCount, ProgrammeFacts, PurgeCounts, PurgeOptions } from './privacy-types.js';
import type { SqliteContext } from './sqlite-context.js';
import { toCertificate, type CertificateRow } from './sqlite-schema.js';

/**
 * Erasure, retention and programme counts on the SQLite store. Every method is synchronous; the caller validates the
 * input and wraps failures.
 */
class SqlitePrivacy {
  readonly #db: Database.Database;
  readonly #sql;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#sql = {
      byId: db.prepare<[string], CertificateRow>('SELECT * FROM certificates WHERE certificate_id = ?'),
      bySubject: db.prepare<[string], CertificateRow>('SELECT * FROM certificates WHERE subject_id = ? AND erased_at IS NULL'),
      erase: db.prepare(`UPDATE certificates SET status = 'revoked', status_reason = @reason, source_key = @sourceKey,
        content_hash = '', subject_id = '', dob = '', credential = 'null', source_updated_at = NULL, erased_at = @at,
        updated_at = @at WHERE certificate_id = @id`),
      deadLetters: db.prepare<[], { id: string; payload: string }>('SELECT id, payload FROM dead_letters'),
      deleteDeadLetter: db.prepare('DELETE FROM dead_letters WHERE id = ?'),
      purgeDeadLetters: db.prepare('DELETE FROM dead_letters WHERE last_seen_at < ?'),
      purgeAttempts: db.prepare('DELETE FROM attempts WHERE expires_at < ?'),
      programme: db.prepare<[], { programme: string; issued: number; revoked: number }>(`SELECT programme,
        count(*) AS issued, sum(status = 'revoked') AS revoked FROM certificates WHERE programme IS NOT NULL
        GROUP BY programme ORDER BY programme`),
    };
  }

  /**
   * Erases the holder's data in one transaction with `secure_delete` on (freed space is zeroed), then vacuums the
   * file (older copies left in pages by earlier updates go) and truncates the WAL (its frames held the rows too).
   */
  erase(certificateId: string, at: string): Erasure {
    const erasure = this.#db.transaction(() => {
      const row = this.#sql.byId.get(certificateId);
      const named = row === undefined ? undefined : toCertificate(row);
      assertErasable(named);
      const others = this.#sql.bySubject.all(named.subjectId).map(toCertificate)
        .filter((certificate) => certificate.certificateId !== named.certificateId);
      const certificates = [named, ...others];
      for (const { certificateId: id } of certificates) {
        this.#sql.erase.run({ id, at, reason: ERASED_REASON, sourceKey: erasedSourceKey(id) });
      }
      const marks = erasureMarks(certificates);
      let deadLetters = 0;
      for (const letter of this.#sql.deadLetters.all()) {
        if (holdsMark(letter.payload, marks)) deadLetters += this.#sql.deleteDeadLetter.run(letter.id).changes;
      }
      return { certificateIds: certificates.map((certificate) => certificate.certificateId), deadLetters };
    });
    this.#db.pragma('secure_delete = ON');
    const result = erasure.immediate();
    this.#db.exec('VACUUM');
    return result;
  }

  /**
   * Copies the WAL into the file and truncates it (its older frames still hold the erased rows). False while another
   * connection reads an older snapshot: try again shortly.
   */
  truncateWal(): boolean {
    const [row] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return row === undefined || (row.busy === 0 && row.log === row.checkpointed);
  }

  purge(options: PurgeOptions): PurgeCounts {
    return this.#db.transaction(() => ({
      deadLetters: this.#sql.purgeDeadLetters.run(options.deadLettersSeenBefore.toISOString()).changes,
      attempts: this.#sql.purgeAttempts.run(options.attemptsExpiredBefore.getTime()).changes,
    })).immediate();
  }

  countProgramme(): ProgrammeCount[] {
    return this.#sql.programme.all().map((row) => ({
      ...(JSON.parse(row.programme) as ProgrammeFacts), issued: row.issued, revoked: row.revoked,
    }));
  }
}

/** The SQLite {@link PrivacyStore}. */
export function sqlitePrivacyStore({ db, now, guard }: SqliteContext): PrivacyStore {
  const privacy = new SqlitePrivacy(db);
  return {
    async eraseSubject(certificateId) {
      const erasure = await guard('erase the personal data', () => privacy.erase(String(certificateId), now().toISOString()));
      // Readers in other processes (the API, the issuer) can hold the WAL for a moment: wait for them, up to 10 s.
      for (let attempt = 0; !await guard('truncate the WAL', () => privacy.truncateWal()); attempt++) {
        if (attempt >= 100) return { ...erasure, walTruncated: false };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return erasure;
    },
    purgeExpired: (options) => guard('purge expired entries', () => {
      assertPurgeOptions(options);
      return privacy.purge(options);
    }),
    countProgramme: () => guard('count the certificates', () => privacy.countProgramme()),
  };
}

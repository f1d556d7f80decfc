import { HealthcredError } from '@healthcred/errors';
import { assertDeadLetterStatus, assertNewDeadLetter, deadLetterId, pageSize } from './checks.js';
import type { DeadLetters } from './dead-letters.js';
import type { SqliteContext, StatusFilter } from './sqlite-context.js';
import { toDeadLetter, type DeadLetterRow } from './sqlite-schema.js';

/** The SQLite {@link DeadLetters} (table `dead_letters`): an upsert by the derived id, read back in the same transaction. */
export function sqliteDeadLetters({ db, guard }: SqliteContext): DeadLetters {
  const sql = {
    upsert: db.prepare(`INSERT INTO dead_letters VALUES (@id, @topic, @key, @payload, @code, @reason,
      @attempts, @at, @at, 'open') ON CONFLICT (id) DO UPDATE SET code = excluded.code, reason = excluded.reason,
      attempts = attempts + excluded.attempts, last_seen_at = excluded.last_seen_at, status = 'open'`),
    byId: db.prepare<[string], DeadLetterRow>('SELECT * FROM dead_letters WHERE id = ?'),
    list: db.prepare<[StatusFilter & { limit: number }], DeadLetterRow>(`SELECT * FROM dead_letters
      WHERE @status IS NULL OR status = @status ORDER BY last_seen_at DESC, id LIMIT @limit`),
    setStatus: db.prepare('UPDATE dead_letters SET status = @status WHERE id = @id'),
  };
  return {
    saveDeadLetter: (entry) => guard('save the dead letter', () => {
      assertNewDeadLetter(entry);
      const id = deadLetterId(entry);
      return db.transaction(() => {
        sql.upsert.run({
          id, topic: entry.topic, key: entry.key ?? null, payload: entry.payload, code: entry.code,
          reason: entry.reason, attempts: entry.attempts, at: entry.at,
        });
        return toDeadLetter(sql.byId.get(id) as DeadLetterRow);
      }).immediate();
    }),
    findDeadLetter: (id) => guard('read the dead letter', () => {
      const row = sql.byId.get(String(id));
      return row === undefined ? undefined : toDeadLetter(row);
    }),
    listDeadLetters: (options = {}) => guard('list the dead letters', () =>
      sql.list.all({ status: options.status ?? null, limit: pageSize(options.limit) }).map(toDeadLetter)),
    setDeadLetterStatus: (id, status) => guard('change the dead letter status', () => {
      assertDeadLetterStatus(status);
      if (sql.setStatus.run({ id, status }).changes === 0) {
        throw new HealthcredError('not_found', 'No dead letter has this id.', { field: 'id' });
      }
      return toDeadLetter(sql.byId.get(id) as DeadLetterRow);
    }),
  };
}

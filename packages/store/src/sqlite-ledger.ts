import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AttemptWindow, AuditEntry, NewAuditEntry } from './types.js';

const STATUS_POSITIONS = 'status_positions';

interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string;
  details: string | null;
}

function toAuditEntry(row: AuditRow): AuditEntry {
  const { details, ...entry } = row;
  return details === null ? entry : { ...entry, details: JSON.parse(details) as Record<string, string> };
}

/**
 * The store's bookkeeping tables in SQLite: the status-position counter, attempt windows (rate limits) and the
 * audit log. Every method is synchronous; the caller validates the input and wraps failures.
 */
export class SqliteLedger {
  readonly #db: Database.Database;
  readonly #sql;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#sql = {
      reserve: db.prepare<[{ name: string; count: number }], { value: number }>(`INSERT INTO counters VALUES (@name, @count)
        ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING value`),
      counter: db.prepare<[string], { value: number }>('SELECT value FROM counters WHERE name = ?'),
      expire: db.prepare('DELETE FROM attempts WHERE expires_at < ?'),
      addAttempt: db.prepare<[{ key: string; window: string; expires: number }], { count: number }>(`
        INSERT INTO attempts VALUES (@key, @window, 1, @expires)
        ON CONFLICT (key, window) DO UPDATE SET count = count + 1 RETURNING count`),
      countAttempts: db.prepare<[{ key: string; window: string; now: number }], { count: number }>(
        'SELECT count FROM attempts WHERE key = @key AND window = @window AND expires_at >= @now'),
      appendAudit: db.prepare(`INSERT INTO audit_log (id, at, actor, action, target, reason, details)
        VALUES (@id, @at, @actor, @action, @target, @reason, @details)`),
      listAudit: db.prepare<[{ target: string | null; limit: number }], AuditRow>(`SELECT id, at, actor, action, target,
        reason, details FROM audit_log WHERE @target IS NULL OR target = @target ORDER BY seq DESC LIMIT @limit`),
    };
  }

  /** Reserves `count` consecutive status positions; returns the first. With 0, only reads (no write transaction). */
  reserveStatusPositions(count: number): number {
    if (count === 0) return this.#sql.counter.get(STATUS_POSITIONS)?.value ?? 0;
    const { value } = this.#sql.reserve.get({ name: STATUS_POSITIONS, count }) as { value: number };
    return value - count;
  }

  addAttempt(attempt: AttemptWindow & { expiresAt: Date }): number {
    return this.#db.transaction(() => {
      this.#sql.expire.run(Date.now());
      const row = this.#sql.addAttempt.get({ ...attempt, expires: attempt.expiresAt.getTime() }) as { count: number };
      return row.count;
    }).immediate();
  }

  countAttempts(attempt: AttemptWindow): number {
    return this.#sql.countAttempts.get({ key: attempt.key, window: attempt.window, now: Date.now() })?.count ?? 0;
  }

  appendAudit(entry: NewAuditEntry): AuditEntry {
    const saved: AuditEntry = { id: randomUUID(), ...entry };
    this.#sql.appendAudit.run({ ...saved, details: entry.details === undefined ? null : JSON.stringify(entry.details) });
    return saved;
  }

  listAudit(options: { target?: string; limit: number }): AuditEntry[] {
    return this.#sql.listAudit.all({ target: options.target ?? null, limit: options.limit }).map(toAuditEntry);
  }
}

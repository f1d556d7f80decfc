import type Database from 'better-sqlite3';
import { AUDIT_GENESIS_HASH, chainEntry } from './audit-chain.js';
import type { AttemptWindow, AuditEntry, AuditHead, NewAuditEntry } from './types.js';

const STATUS_POSITIONS = 'status_positions';
const AUDIT_PAGE = 500;

interface AuditRow {
  seq: number;
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string;
  details: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** An entry as the port shows it: rows written before the chain began (no hash) without seq and hashes. */
function toAuditEntry(row: AuditRow): AuditEntry {
  const { seq, id, details, prev_hash: prevHash, hash, ...fields } = row;
  const entry: AuditEntry = { id, ...(hash === null ? {} : { seq }), ...fields };
  if (details !== null) entry.details = JSON.parse(details) as Record<string, string>;
  if (hash !== null) Object.assign(entry, { prevHash, hash });
  return entry;
}

const AUDIT_COLUMNS = 'seq, id, at, actor, action, target, reason, details, prev_hash, hash';

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
      appendAudit: db.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS})
        VALUES (@seq, @id, @at, @actor, @action, @target, @reason, @details, @prevHash, @hash)`),
      listAudit: db.prepare<[{ target: string | null; limit: number }], AuditRow>(`SELECT ${AUDIT_COLUMNS}
        FROM audit_log WHERE @target IS NULL OR target = @target ORDER BY seq DESC LIMIT @limit`),
      auditPage: db.prepare<[{ after: number | null; limit: number }], AuditRow>(`SELECT ${AUDIT_COLUMNS}
        FROM audit_log WHERE @after IS NULL OR seq > @after ORDER BY seq LIMIT @limit`),
      head: db.prepare<[], AuditHead>('SELECT seq, hash FROM audit_chain WHERE id = 1'),
      lastHashed: db.prepare<[], AuditHead>('SELECT seq, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1'),
      lastSeq: db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log'),
      setHead: db.prepare('INSERT INTO audit_chain VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = @seq, hash = @hash'),
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

  /**
   * Appends `entry` after the chain's head, under the write lock (`BEGIN IMMEDIATE`, or the caller's transaction), so
   * writers in several processes take turns and never fork the chain. Without a head record the chain starts after
   * the last entry (the rows an earlier version wrote, without hashes).
   */
  appendAudit(entry: NewAuditEntry): AuditEntry {
    return this.#db.transaction(() => {
      const head = this.#sql.head.get() ?? this.#sql.lastHashed.get()
        ?? { seq: this.#sql.lastSeq.get()?.seq ?? 0, hash: AUDIT_GENESIS_HASH };
      const saved = chainEntry(head, entry);
      this.#sql.appendAudit.run({ ...saved, details: entry.details === undefined ? null : JSON.stringify(entry.details) });
      this.#sql.setHead.run({ seq: saved.seq, hash: saved.hash });
      return saved;
    }).immediate();
  }

  listAudit(options: { target?: string; limit: number }): AuditEntry[] {
    return this.#sql.listAudit.all({ target: options.target ?? null, limit: options.limit }).map(toAuditEntry);
  }

  /** A page of the log in the order written, after row `after` (from the start without); the last row's seq for the next. */
  auditPage(after: number | undefined): { entries: AuditEntry[]; last?: number } {
    const rows = this.#sql.auditPage.all({ after: after ?? null, limit: AUDIT_PAGE });
    return { entries: rows.map(toAuditEntry), ...(rows.length === 0 ? {} : { last: rows.at(-1)!.seq }) };
  }

  auditHead(): AuditHead | undefined {
    return this.#sql.head.get();
  }
}

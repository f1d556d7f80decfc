import type Database from 'better-sqlite3';
import { AUDIT_GENESIS_HASH, chainEntry } from './audit-chain.js';
import type { AuditEntry, AuditHead, AuditLog, NewAuditEntry } from './audit-log.js';
import { assertNewAuditEntry, pageSize } from './checks.js';
import { guard } from './store-error.js';

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
 * The audit chain in SQLite (tables `audit_log` and `audit_chain`). Every method is synchronous, so the certificate
 * adapter can append a supersede's entry inside its save transaction; the caller validates the input and wraps failures.
 */
export class SqliteAuditChain {
  readonly #db: Database.Database;
  readonly #sql;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#sql = {
      append: db.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS})
        VALUES (@seq, @id, @at, @actor, @action, @target, @reason, @details, @prevHash, @hash)`),
      list: db.prepare<[{ target: string | null; limit: number }], AuditRow>(`SELECT ${AUDIT_COLUMNS}
        FROM audit_log WHERE @target IS NULL OR target = @target ORDER BY seq DESC LIMIT @limit`),
      page: db.prepare<[{ after: number | null; limit: number }], AuditRow>(`SELECT ${AUDIT_COLUMNS}
        FROM audit_log WHERE @after IS NULL OR seq > @after ORDER BY seq LIMIT @limit`),
      head: db.prepare<[], AuditHead>('SELECT seq, hash FROM audit_chain WHERE id = 1'),
      lastHashed: db.prepare<[], AuditHead>('SELECT seq, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1'),
      lastSeq: db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log'),
      setHead: db.prepare('INSERT INTO audit_chain VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = @seq, hash = @hash'),
    };
  }

  /**
   * Appends `entry` after the chain's head, under the write lock (`BEGIN IMMEDIATE`, or the caller's transaction), so
   * writers in several processes take turns and never fork the chain. Without a head record the chain starts after
   * the last entry (the rows an earlier version wrote, without hashes).
   */
  append(entry: NewAuditEntry): AuditEntry {
    return this.#db.transaction(() => {
      const head = this.#sql.head.get() ?? this.#sql.lastHashed.get()
        ?? { seq: this.#sql.lastSeq.get()?.seq ?? 0, hash: AUDIT_GENESIS_HASH };
      const saved = chainEntry(head, entry);
      this.#sql.append.run({ ...saved, details: entry.details === undefined ? null : JSON.stringify(entry.details) });
      this.#sql.setHead.run({ seq: saved.seq, hash: saved.hash });
      return saved;
    }).immediate();
  }

  list(options: { target?: string; limit: number }): AuditEntry[] {
    return this.#sql.list.all({ target: options.target ?? null, limit: options.limit }).map(toAuditEntry);
  }

  /** A page of the log in the order written, after row `after` (from the start without); the last row's seq for the next. */
  page(after: number | undefined): { entries: AuditEntry[]; last?: number } {
    const rows = this.#sql.page.all({ after: after ?? null, limit: AUDIT_PAGE });
    return { entries: rows.map(toAuditEntry), ...(rows.length === 0 ? {} : { last: rows.at(-1)!.seq }) };
  }

  head(): AuditHead | undefined {
    return this.#sql.head.get();
  }
}

/** The SQLite {@link AuditLog} over `chain`. */
export function sqliteAuditLog(chain: SqliteAuditChain): AuditLog {
  return {
    appendAudit: (entry) => guard('write the audit log', () => {
      assertNewAuditEntry(entry);
      return chain.append(entry);
    }),
    listAudit: (options = {}) => guard('read the audit log', () => chain.list({ ...options, limit: pageSize(options.limit) })),
    async *readAuditLog() {
      for (let after: number | undefined; ;) {
        const page = await guard('read the audit log', () => chain.page(after));
        if (page.last === undefined) return;
        yield* page.entries;
        after = page.last;
      }
    },
    auditHead: () => guard('read the audit log', () => chain.head()),
  };
}

import type Database from 'better-sqlite3';
import { openDatabase } from '@healthcred/sqlite';
import { partitionForKey } from './partition.js';
import type { BusMessage, GroupOffset, OutgoingMessage } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS partitions (
  topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
  PRIMARY KEY (topic, partition)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages (
  topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
  key TEXT, value TEXT NOT NULL, headers TEXT NOT NULL, timestamp TEXT NOT NULL,
  PRIMARY KEY (topic, partition, offset)
);
CREATE TABLE IF NOT EXISTS group_offsets (
  group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
  committed INTEGER NOT NULL, owner TEXT, lease_until INTEGER NOT NULL DEFAULT 0,
  claimed_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (group_id, topic, partition)
) WITHOUT ROWID;
`;

interface MessageRow {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  headers: string;
  timestamp: string;
}

/** A partition leased to one group member, with the messages fetched for it. */
export interface Claim {
  topic: string;
  partition: number;
  messages: BusMessage[];
}

/** Committed position of a group in one partition, for operators. */

function toBusMessage(row: MessageRow): BusMessage {
  const message: BusMessage = {
    topic: row.topic, partition: row.partition, offset: String(row.offset), value: row.value,
    headers: JSON.parse(row.headers) as Record<string, string>, timestamp: row.timestamp,
  };
  if (row.key !== null) message.key = row.key;
  return message;
}

/**
 * The SQLite event log: topics split into partitions, an append-only `messages` table, and per-group committed
 * offsets with a lease per partition. Every method is synchronous and transactional; several processes may
 * share the file (WAL, busy timeout). Offsets are integers here and strings at the port.
 */
export class SqliteLog {
  readonly #db: Database.Database;
  readonly #partitions: number;
  readonly #sql;
  #roundRobin = 0;

  /** Opens (creating, mode 0600) the log file; see `openDatabase` for `maxBytes`. */
  constructor(path: string, options: { partitions: number; maxBytes?: number }) {
    this.#db = openDatabase(path, { synchronous: 'normal', maxBytes: options.maxBytes });
    try {
      this.#db.exec(SCHEMA);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#partitions = options.partitions;
    const db = this.#db;
    this.#sql = {
      addPartition: db.prepare('INSERT OR IGNORE INTO partitions VALUES (?, ?, 0)'),
      partitions: db.prepare<[string], { partition: number; next_offset: number }>(
        'SELECT partition, next_offset FROM partitions WHERE topic = ? ORDER BY partition'),
      setEnd: db.prepare('UPDATE partitions SET next_offset = ? WHERE topic = ? AND partition = ?'),
      append: db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?)'),
      join: db.prepare('INSERT OR IGNORE INTO group_offsets (group_id, topic, partition, committed) VALUES (?, ?, ?, ?)'),
      candidate: db.prepare<[{ group: string; topics: string; member: string; now: number }],
        { topic: string; partition: number; committed: number }>(`
        SELECT g.topic, g.partition, g.committed FROM group_offsets g
        JOIN partitions p ON p.topic = g.topic AND p.partition = g.partition
        WHERE g.group_id = @group AND g.topic IN (SELECT value FROM json_each(@topics))
          AND p.next_offset > g.committed
          AND (g.owner IS NULL OR g.owner = @member OR g.lease_until < @now)
        ORDER BY g.claimed_at LIMIT 1`),
      lease: db.prepare(`UPDATE group_offsets SET owner = @member, lease_until = @until, claimed_at = @now
        WHERE group_id = @group AND topic = @topic AND partition = @partition`),
      fetch: db.prepare<[string, number, number, number], MessageRow>(`SELECT * FROM messages
        WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT ?`),
      commit: db.prepare(`UPDATE group_offsets SET committed = @next, lease_until = @until
        WHERE group_id = @group AND topic = @topic AND partition = @partition AND owner = @member`),
      renew: db.prepare(`UPDATE group_offsets SET lease_until = @until
        WHERE group_id = @group AND topic = @topic AND partition = @partition AND owner = @member`),
      release: db.prepare(`UPDATE group_offsets SET owner = NULL, lease_until = 0
        WHERE group_id = @group AND topic = @topic AND partition = @partition AND owner = @member`),
      offsets: db.prepare<[string], { topic: string; partition: number; committed: number; end: number }>(`
        SELECT g.topic, g.partition, g.committed, p.next_offset AS end FROM group_offsets g
        JOIN partitions p ON p.topic = g.topic AND p.partition = g.partition
        WHERE g.group_id = ? ORDER BY g.topic, g.partition`),
      read: db.prepare<[{ topic: string; partition: number | null; from: number; limit: number }], MessageRow>(`
        SELECT * FROM messages WHERE topic = @topic AND (@partition IS NULL OR partition = @partition)
          AND offset >= @from ORDER BY partition, offset LIMIT @limit`),
      ping: db.prepare('SELECT 1'),
    };
  }

  /** The connection, for the health check of the file. */
  get database(): Database.Database {
    return this.#db;
  }

  /** The partitions of `topic` with their end offsets, creating the topic when missing (inside a transaction). */
  #ensureTopic(topic: string): { partition: number; next_offset: number }[] {
    const existing = this.#sql.partitions.all(topic);
    if (existing.length > 0) return existing;
    for (let partition = 0; partition < this.#partitions; partition += 1) {
      this.#sql.addPartition.run(topic, partition);
    }
    return this.#sql.partitions.all(topic);
  }

  /**
   * Appends `messages` to `topic` in one transaction, with synchronous=FULL so the commit is on disk when this
   * returns (offset commits use NORMAL: losing one only means a redelivery).
   */
  append(topic: string, messages: OutgoingMessage[], timestamp: string): void {
    this.#db.pragma('synchronous = FULL');
    try {
      this.#db.transaction(() => {
        const ends = this.#ensureTopic(topic).map((p) => p.next_offset);
        for (const message of messages) {
          const partition = message.key === undefined
            ? (this.#roundRobin = (this.#roundRobin + 1) % ends.length)
            : partitionForKey(message.key, ends.length);
          const offset = ends[partition]!;
          ends[partition] = offset + 1;
          this.#sql.append.run(topic, partition, offset, message.key ?? null, message.value,
            JSON.stringify(message.headers ?? {}), timestamp);
        }
        ends.forEach((end, partition) => this.#sql.setEnd.run(end, topic, partition));
      }).immediate();
    } finally {
      this.#db.pragma('synchronous = NORMAL');
    }
  }

  /** Creates missing topics and the group's offsets for them: 0, or the current end unless `fromBeginning`. */
  join(group: string, topics: string[], fromBeginning: boolean): void {
    this.#db.transaction(() => {
      for (const topic of topics) {
        for (const { partition, next_offset } of this.#ensureTopic(topic)) {
          this.#sql.join.run(group, topic, partition, fromBeginning ? 0 : next_offset);
        }
      }
    }).immediate();
  }

  /**
   * Leases to `member` the least recently claimed partition of `topics` that has uncommitted messages and no
   * other live lease, and fetches up to `batch` messages from the committed offset. Undefined when none.
   */
  claim(options: { group: string; topics: string[]; member: string; leaseMs: number; batch: number }): Claim | undefined {
    return this.#db.transaction(() => {
      const now = Date.now();
      const { group, member } = options;
      const found = this.#sql.candidate.get({ group, member, now, topics: JSON.stringify(options.topics) });
      if (found === undefined) return undefined;
      this.#sql.lease.run({ group, member, now, until: now + options.leaseMs, topic: found.topic, partition: found.partition });
      const rows = this.#sql.fetch.all(found.topic, found.partition, found.committed, options.batch);
      return { topic: found.topic, partition: found.partition, messages: rows.map(toBusMessage) };
    }).immediate();
  }

  /** Commits `next` as the group's offset and renews the lease; false when `member` lost the lease meanwhile. */
  commit(options: { group: string; member: string; topic: string; partition: number; next: number; leaseMs: number }): boolean {
    const { group, member, topic, partition, next } = options;
    return this.#sql.commit.run({ group, member, topic, partition, next, until: Date.now() + options.leaseMs }).changes === 1;
  }

  /** Extends `member`'s lease of the partition by `leaseMs` from now; false when it lost the lease meanwhile. */
  renew(options: { group: string; member: string; topic: string; partition: number; leaseMs: number }): boolean {
    const { group, member, topic, partition } = options;
    return this.#sql.renew.run({ group, member, topic, partition, until: Date.now() + options.leaseMs }).changes === 1;
  }

  /** Gives the partition's lease back so another member may take it at once. */
  release(options: { group: string; member: string; topic: string; partition: number }): void {
    this.#sql.release.run(options);
  }

  /** Committed offsets, end offsets and lag of a group. */
  offsets(group: string): GroupOffset[] {
    return this.#sql.offsets.all(group).map((row) => ({
      topic: row.topic, partition: row.partition, committed: String(row.committed), end: String(row.end),
      lag: row.end - row.committed,
    }));
  }

  /** Messages of a topic in (partition, offset) order, for operators. */
  read(options: { topic: string; partition?: number; from: number; limit: number }): BusMessage[] {
    return this.#sql.read.all({ ...options, partition: options.partition ?? null }).map(toBusMessage);
  }

  /**
   * Deletes the messages whose key or value holds one of `ids`, or both texts of a pair, with `secure_delete` on;
   * then vacuums the file (the caller truncates the WAL: {@link truncateWal}). Offsets are left as they were (consumers
   * read past the gap). Returns how many went.
   */
  eraseMessages(marks: { ids: readonly string[]; nameAndDob: readonly (readonly [string, string])[] }): number {
    const byId = this.#db.prepare("DELETE FROM messages WHERE instr(value, @id) > 0 OR instr(coalesce(key, ''), @id) > 0");
    const byPair = this.#db.prepare('DELETE FROM messages WHERE instr(value, @a) > 0 AND instr(value, @b) > 0');
    this.#db.pragma('secure_delete = ON');
    const erased = this.#db.transaction(() => marks.ids.reduce((sum, id) => sum + byId.run({ id }).changes, 0)
      + marks.nameAndDob.reduce((sum, [a, b]) => sum + byPair.run({ a, b }).changes, 0)).immediate();
    this.#db.exec('VACUUM');
    return erased;
  }

  /** Checkpoints and truncates the WAL; false while another connection reads an older snapshot (try again). */
  truncateWal(): boolean {
    const [row] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return row === undefined || (row.busy === 0 && row.log === row.checkpointed);
  }

  ping(): void {
    this.#sql.ping.get();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

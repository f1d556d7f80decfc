import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A fresh directory for database files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'healthcred-sqlite-'));
}

/**
 * Overwrites one page of a (closed) database file with bytes that are no b-tree page, as a failing disk or a stray
 * write leaves it: a leaf page of `table` (found with the dbstat table), so that reading some of its rows fails.
 * @returns the page number.
 */
export function corruptLeafPage(path: string, table: string): number {
  const db = new Database(path);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const leaves = db.prepare<[string], { pageno: number }>(
    "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").all(table);
  db.close();
  if (leaves.length === 0) throw new Error(`${table} has no leaf page to corrupt.`);
  const page = leaves[Math.floor(leaves.length / 2)]!.pageno;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
  return page;
}

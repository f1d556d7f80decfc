import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { describeStorageFailure, HealthcredError } from '@healthcred/errors';
import { openDatabase, SqliteHealth } from '@healthcred/sqlite';
import { corruptLeafPage, tempDir } from '@healthcred/testing';

function failure(work: () => unknown): HealthcredError {
  try {
    work();
  } catch (error) {
    if (error instanceof HealthcredError) return error;
    throw error;
  }
  throw new Error('expected a HealthcredError');
}

/** Fills `table` with rows of `bytes` until SQLite refuses a write; returns that error. */
function fillUntilRefused(db: Database.Database, bytes = 2000): unknown {
  db.exec('CREATE TABLE IF NOT EXISTS filler (v BLOB)');
  const insert = db.prepare('INSERT INTO filler VALUES (randomblob(?))');
  for (let i = 0; i < 100_000; i++) {
    try {
      insert.run(bytes);
    } catch (error) {
      return error;
    }
  }
  throw new Error('the database never filled up');
}

function filledDatabase(path: string, rows: number): void {
  const db = openDatabase(path, { synchronous: 'normal' });
  db.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO people (name) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`person ${i} ${'x'.repeat(200)}`);
  })();
  db.close();
}

describe('openDatabase()', () => {
  describe('negative', () => {
    it('refuses writes beyond maxBytes with the engine\'s own SQLITE_FULL, described as a full disk', () => {
      const db = openDatabase(join(tempDir(), 'small.sqlite'), { synchronous: 'normal', maxBytes: 64 * 1024 });
      const error = fillUntilRefused(db);
      expect((error as { code?: string }).code).to.equal('SQLITE_FULL');
      expect(describeStorageFailure(error)?.problem).to.equal('the disk is full');
      db.close();
    });

    it('rejects a maxBytes that is not a positive integer', () => {
      expect(() => openDatabase(join(tempDir(), 'x.sqlite'), { synchronous: 'full', maxBytes: 0 })).to.throw(RangeError, /maxBytes/);
    });
  });

  it('creates the database, its WAL and its shared-memory file readable by the owner only (0600)', () => {
    const path = join(tempDir(), 'owner.sqlite');
    const db = openDatabase(path, { synchronous: 'full' });
    db.exec('CREATE TABLE t (v TEXT); INSERT INTO t VALUES (1)');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect((statSync(file).mode & 0o777).toString(8), file).to.equal('600');
    }
    db.close();
  });
});

describe('SqliteHealth', () => {
  describe('negative', () => {
    it('reports a database at its size limit as full, in words', () => {
      const path = join(tempDir(), 'full.sqlite');
      const db = openDatabase(path, { synchronous: 'normal', maxBytes: 256 * 1024 });
      const health = new SqliteHealth(db, path);
      health.check();
      fillUntilRefused(db);
      expect(failure(() => new SqliteHealth(db, path).check()).message)
        .to.equal('full.sqlite cannot grow: it has reached its size limit (disk full).');
      db.close();
    });

    it('reports a database the engine refuses to write as read-only', () => {
      const path = join(tempDir(), 'ro.sqlite');
      const db = openDatabase(path, { synchronous: 'normal' });
      const health = new SqliteHealth(db, path, { probeIntervalMs: 0 });
      health.check();
      db.pragma('query_only = 1');
      const error = failure(() => health.check());
      expect(error.code).to.equal('unavailable');
      expect(error.retryable).to.equal(true);
      expect(error.message).to.match(/^ro\.sqlite cannot be written: the database is read-only \(a read-only file system/);
      db.close();
    });

    it('probes at most once per interval, answering from the last probe in between', () => {
      const path = join(tempDir(), 'cached.sqlite');
      const db = openDatabase(path, { synchronous: 'normal' });
      const health = new SqliteHealth(db, path, { probeIntervalMs: 60_000 });
      health.check();
      db.pragma('query_only = 1');
      health.check();
      expect(() => new SqliteHealth(db, path).check()).to.throw(/read-only/);
      db.close();
    });

    it('fails its integrity check on a file with a corrupted page, saying what to do, and check() fails from then on', async () => {
      const path = join(tempDir(), 'store.sqlite');
      filledDatabase(path, 2000);
      corruptLeafPage(path, 'people');
      const db = openDatabase(path, { synchronous: 'normal' });
      const health = new SqliteHealth(db, path);
      health.check();
      const error = await health.integrity().then(() => undefined, (e: unknown) => e as HealthcredError);
      expect(error?.code).to.equal('unavailable');
      expect(error?.message).to.match(/^store\.sqlite failed its integrity check \(SQLite quick_check: .+\): stop healthcred, restore store\.sqlite from a backup/);
      expect(() => health.check()).to.throw(/store\.sqlite failed its integrity check/);
      db.close();
    });

    it('fails check() once an operation met a corrupt page', () => {
      const path = join(tempDir(), 'events.sqlite');
      filledDatabase(path, 2000);
      corruptLeafPage(path, 'people');
      const db = openDatabase(path, { synchronous: 'normal' });
      const health = new SqliteHealth(db, path);
      let met: unknown;
      try {
        db.prepare('SELECT sum(length(name)) FROM people').get();
      } catch (error) {
        met = error;
      }
      expect((met as { code?: string }).code).to.match(/^SQLITE_CORRUPT/);
      health.observe(met);
      expect(failure(() => health.check()).message).to.equal('events.sqlite is unusable: the database file is corrupt.');
      db.close();
    });
  });

  it('passes a sound file\'s integrity check', async () => {
    const path = join(tempDir(), 'sound.sqlite');
    filledDatabase(path, 500);
    const db = openDatabase(path, { synchronous: 'normal' });
    const health = new SqliteHealth(db, path);
    await health.integrity();
    health.check();
    db.close();
  });

  it('counts a write lock held by another connection as writable, without waiting for it', () => {
    const path = join(tempDir(), 'busy.sqlite');
    const db = openDatabase(path, { synchronous: 'normal' });
    const health = new SqliteHealth(db, path);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    health.check();
    expect(Date.now() - started).to.be.below(1000);
    other.exec('ROLLBACK');
    other.close();
    db.close();
  });
});

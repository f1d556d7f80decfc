/** What a storage failure means for the operator, and whether the same write may succeed later. */
export interface StorageFailure {
  /** In words, e.g. `the disk is full`; never a path or a value. */
  problem: string;
  /** True when fixing the machine (freeing space, remounting) lets the same operation succeed. */
  retryable: boolean;
}

const DISK_FULL: StorageFailure = { problem: 'the disk is full', retryable: true };
const READ_ONLY: StorageFailure = {
  problem: 'the database is read-only (a read-only file system, or a file or directory this user may not write)',
  retryable: true,
};

/** Node.js `errno` codes of file operations. */
const FILE_SYSTEM: Record<string, StorageFailure> = {
  ENOSPC: DISK_FULL,
  EDQUOT: { problem: 'the disk quota is used up (disk full for this user)', retryable: true },
  EROFS: { problem: 'the file system is read-only', retryable: true },
  EACCES: { problem: 'permission denied: the directory or file is read-only for this user', retryable: true },
  EPERM: { problem: 'operation not permitted: the directory or file is read-only or immutable for this user', retryable: true },
  EIO: { problem: 'a disk I/O error (a failing disk, or one remounted read-only)', retryable: true },
};

/** SQLite primary result codes (better-sqlite3 gives extended ones such as `SQLITE_READONLY_DBMOVED`). */
const SQLITE: Record<string, StorageFailure> = {
  SQLITE_FULL: DISK_FULL,
  SQLITE_READONLY: READ_ONLY,
  SQLITE_CORRUPT: { problem: 'the database file is corrupt', retryable: false },
  SQLITE_NOTADB: { problem: 'the file is not a SQLite database (or its header is corrupt)', retryable: false },
  SQLITE_IOERR: { problem: 'a disk I/O error (a failing disk, or one remounted read-only)', retryable: true },
  SQLITE_CANTOPEN: { problem: 'the database file cannot be opened (a missing or read-only directory)', retryable: true },
  SQLITE_PERM: { problem: 'permission denied: the database file is read-only for this user', retryable: true },
};

/**
 * Describes a failure of the disk under a database or data file, from its SQLite result code (`SQLITE_FULL`,
 * `SQLITE_READONLY_*`, `SQLITE_CORRUPT_*`, ...) or Node.js `errno` code (`ENOSPC`, `EROFS`, `EACCES`, ...), so that
 * messages say "the disk is full" or "the file system is read-only" instead of a stack.
 * @returns undefined when `error` is no such failure (a bug, a constraint violation, a busy database).
 */
export function describeStorageFailure(error: unknown): StorageFailure | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return undefined;
  if (Object.hasOwn(FILE_SYSTEM, code)) return FILE_SYSTEM[code];
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  return primary !== undefined && Object.hasOwn(SQLITE, primary) ? SQLITE[primary] : undefined;
}

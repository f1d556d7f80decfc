import type Database from 'better-sqlite3';
import { openDatabase } from '@healthcred/sqlite';
import { normalizeProgrammeFacts } from './privacy-checks.js';
import type { ProgrammeFacts } from './privacy-types.js';
import type { StoredCertificate } from './certificate-types.js';
import type { DeadLetter } from './dead-letters.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS certificates (
  certificate_id TEXT NOT NULL PRIMARY KEY,
  credential_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('vaccination', 'test-result')),
  source_key TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  dob TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  credential TEXT NOT NULL,
  status_list_index INTEGER UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('issued', 'revoked', 'suspended')),
  status_reason TEXT,
  superseded_by TEXT,
  supersedes TEXT,
  updated_at TEXT NOT NULL,
  source_updated_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS certificates_current_source_key
  ON certificates (source_key) WHERE superseded_by IS NULL;
CREATE INDEX IF NOT EXISTS certificates_subject ON certificates (subject_id, issued_at);
CREATE INDEX IF NOT EXISTS certificates_status ON certificates (status, certificate_id);
CREATE INDEX IF NOT EXISTS certificates_signing_key
  ON certificates (json_extract(credential, '$.proof.verificationMethod'), certificate_id) WHERE superseded_by IS NULL;
CREATE TABLE IF NOT EXISTS dead_letters (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  key TEXT,
  payload TEXT NOT NULL,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'redriven', 'discarded'))
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dead_letters_seen ON dead_letters (status, last_seen_at);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS attempts (
  key TEXT NOT NULL, window TEXT NOT NULL, count INTEGER NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (key, window)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS attempts_expiry ON attempts (expires_at);
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  details TEXT,
  prev_hash TEXT,
  hash TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log (target, seq);
CREATE TABLE IF NOT EXISTS audit_chain (
  id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL
);
`;

/**
 * Opens (creating if needed, mode 0600) a SQLite database for the store (see `openDatabase`: WAL, busy timeout, the
 * given `synchronous` level and size limit) with the schema.
 */
export function openStoreDatabase(path: string, options: { synchronous: 'full' | 'normal'; maxBytes?: number }): Database.Database {
  const db = openDatabase(path, options);
  try {
    db.exec(SCHEMA);
  } catch (error) {
    db.close();
    throw error;
  }
  // Stores created before a column existed get it: their certificates have no source time (so are never stale), their
  // audit entries no hash (the chain starts after them). Checked and added under the write lock, as the API and the
  // issuer may open an old file at the same moment.
  db.transaction(() => {
    addMissingColumns(db, 'certificates', ['source_updated_at', 'programme', 'erased_at']);
    addMissingColumns(db, 'audit_log', ['prev_hash', 'hash']);
  }).immediate();
  return db;
}

function addMissingColumns(db: Database.Database, table: string, names: string[]): void {
  const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table);
  for (const name of names) {
    if (!columns.some((column) => column.name === name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} TEXT`);
  }
}

/** A row of `certificates` as better-sqlite3 returns it. */
export interface CertificateRow {
  certificate_id: string;
  credential_id: string;
  kind: StoredCertificate['kind'];
  source_key: string;
  content_hash: string;
  subject_id: string;
  dob: string;
  issued_at: string;
  credential: string;
  status_list_index: number | null;
  status: StoredCertificate['status'];
  status_reason: string | null;
  superseded_by: string | null;
  supersedes: string | null;
  updated_at: string;
  source_updated_at: string | null;
  /** {@link ProgrammeFacts} as JSON. */
  programme: string | null;
  erased_at: string | null;
}

/** Converts a certificate row to the port's shape, leaving absent optional fields out. */
export function toCertificate(row: CertificateRow): StoredCertificate {
  const certificate: StoredCertificate = {
    certificateId: row.certificate_id,
    credentialId: row.credential_id,
    kind: row.kind,
    sourceKey: row.source_key,
    contentHash: row.content_hash,
    subjectId: row.subject_id,
    dob: row.dob,
    issuedAt: row.issued_at,
    credential: JSON.parse(row.credential) as object,
    status: row.status,
    updatedAt: row.updated_at,
  };
  if (row.status_list_index !== null) certificate.statusListIndex = row.status_list_index;
  if (row.status_reason !== null) certificate.statusReason = row.status_reason;
  if (row.superseded_by !== null) certificate.supersededBy = row.superseded_by;
  if (row.supersedes !== null) certificate.supersedes = row.supersedes;
  if (row.source_updated_at !== null) certificate.sourceUpdatedAt = row.source_updated_at;
  if (row.programme !== null) certificate.programme = JSON.parse(row.programme) as ProgrammeFacts;
  if (row.erased_at !== null) certificate.erasedAt = row.erased_at;
  return certificate;
}

/** Named parameters of the certificate INSERT for `certificate`. */
export function toCertificateParams(certificate: StoredCertificate): Record<string, unknown> {
  return {
    certificate_id: certificate.certificateId,
    credential_id: certificate.credentialId,
    kind: certificate.kind,
    source_key: certificate.sourceKey,
    content_hash: certificate.contentHash,
    subject_id: certificate.subjectId,
    dob: certificate.dob,
    issued_at: certificate.issuedAt,
    credential: JSON.stringify(certificate.credential),
    status_list_index: certificate.statusListIndex ?? null,
    status: certificate.status,
    status_reason: certificate.statusReason ?? null,
    superseded_by: certificate.supersededBy ?? null,
    supersedes: certificate.supersedes ?? null,
    updated_at: certificate.updatedAt,
    source_updated_at: certificate.sourceUpdatedAt ?? null,
    programme: certificate.programme === undefined ? null : JSON.stringify(normalizeProgrammeFacts(certificate.programme)),
  };
}

/** A row of `dead_letters` as better-sqlite3 returns it. */
export interface DeadLetterRow {
  id: string;
  topic: string;
  key: string | null;
  payload: string;
  code: string;
  reason: string;
  attempts: number;
  first_seen_at: string;
  last_seen_at: string;
  status: DeadLetter['status'];
}

/** Converts a dead-letter row to the port's shape. */
export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  const entry: DeadLetter = {
    id: row.id,
    topic: row.topic,
    payload: row.payload,
    code: row.code,
    reason: row.reason,
    attempts: row.attempts,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    status: row.status,
  };
  if (row.key !== null) entry.key = row.key;
  return entry;
}

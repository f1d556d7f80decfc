export { openSqliteStore } from './sqlite-store.js';
export type { SqliteCredentialStore, SqliteStoreOptions } from './sqlite-store.js';
export { connectMongoStore } from './mongo-store.js';
export type { MongoStoreOptions } from './mongo-store.js';
export { CERTIFICATE_STATUSES } from './types.js';
export { decideSave } from './checks.js';
export type {
  CertificateStatus, NewCertificate, StoredCertificate, SaveOutcome, DeadLetter, NewDeadLetter, ListOptions,
  ListDeadLettersOptions, CredentialStore, StatusPositionQuery, SigningKeyQuery, AttemptWindow, AuditEntry, NewAuditEntry,
} from './types.js';

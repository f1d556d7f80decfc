export { openSqliteStore } from './sqlite-store.js';
export type { SqliteCredentialStore, SqliteStoreOptions } from './sqlite-store.js';
export { connectMongoStore } from './mongo-store.js';
export type { MongoStoreOptions } from './mongo-store.js';
export { CERTIFICATE_STATUSES } from './types.js';
export { decideSave } from './checks.js';
export { AUDIT_GENESIS_HASH, auditEntryHash, verifyAuditLog } from './audit-chain.js';
export type { AuditBreak, AuditVerification } from './audit-chain.js';
export type {
  CertificateStatus, NewCertificate, StoredCertificate, SaveOutcome, DeadLetter, NewDeadLetter, ListOptions,
  ListDeadLettersOptions, CredentialStore, StatusPositionQuery, SigningKeyQuery, AttemptWindow, AuditEntry, NewAuditEntry,
  AuditHead, SaveCause,
} from './types.js';
export type { Erasure, ErasureMarks, ProgrammeCount, ProgrammeFacts, PurgeCounts, PurgeOptions } from './privacy-types.js';
export { erasureMarks } from './privacy-checks.js';
export type { OrgUnitDirectory } from './org-unit-directory.js';
export type { SyncWatermark, SyncWatermarks } from './sync-watermarks.js';
export { openSqliteOrgUnitDirectory } from './sqlite-org-units.js';
export { openSqliteSyncWatermarks } from './sqlite-watermarks.js';
export type { SqliteStateOptions } from './sqlite-state.js';
export { connectMongoOrgUnitDirectory } from './mongo-org-units.js';
export { connectMongoSyncWatermarks } from './mongo-watermarks.js';
export type { MongoStateOptions } from './mongo-state.js';

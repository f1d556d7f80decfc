import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { addCurrentSourceKeys, dropChangedIndexes } from './mongo-migrations.js';
import { CERTIFICATE_STATUSES } from './certificate-types.js';
import type { AuditEntry } from './audit-log.js';
import type { StoredCertificate } from './certificate-types.js';
import type { DeadLetter } from './dead-letters.js';

/**
 * A certificate document: the port's fields plus `current` (false once superseded) for the queries, and
 * `currentSourceKey` (the sourceKey while current, absent once superseded) for the unique index that keeps one
 * current certificate per source.
 */
export type CertificateDocument = StoredCertificate & { current: boolean; currentSourceKey?: string };

/** The fields that make a certificate the current one of its source. */
export function currentFields(certificate: StoredCertificate): { current: true; currentSourceKey: string } {
  return { current: true, currentSourceKey: certificate.sourceKey };
}

/** The update that retires a current certificate, with `set` (its new status). */
export function retireUpdate(set: Record<string, unknown>): Record<string, unknown> {
  return { $set: { ...set, current: false }, $unset: { currentSourceKey: 1 } };
}

/** A dead-letter document, keyed by the derived dead-letter id. */
export type DeadLetterDocument = Omit<DeadLetter, 'id'> & { _id: string };

const required = { type: String, required: true };

const certificateSchema = new Schema<CertificateDocument>({
  certificateId: required,
  credentialId: required,
  kind: { type: String, required: true, enum: ['vaccination', 'test-result'] },
  sourceKey: required,
  contentHash: required,
  subjectId: required,
  dob: required,
  issuedAt: required,
  credential: { type: Schema.Types.Mixed, required: true },
  statusListIndex: { type: Number },
  status: { type: String, required: true, enum: CERTIFICATE_STATUSES },
  statusReason: { type: String },
  supersededBy: { type: String },
  supersedes: { type: String },
  updatedAt: required,
  sourceUpdatedAt: { type: String },
  programme: { type: Schema.Types.Mixed },
  erasedAt: { type: String },
  current: { type: Boolean, required: true },
  currentSourceKey: { type: String },
}, { minimize: false, versionKey: false, autoIndex: false });

certificateSchema.index({ certificateId: 1 }, { unique: true });
certificateSchema.index({ credentialId: 1 }, { unique: true });
// Sparse unique indexes, not partial ones: FerretDB (1.24) has no partialFilterExpression. MongoDB leaves a document
// without the field out of a sparse index; FerretDB ignores `sparse` but its SQLite unique index does not compare
// missing values either, so both allow many superseded certificates, and many without a status position.
certificateSchema.index({ currentSourceKey: 1 }, { unique: true, sparse: true });
certificateSchema.index({ subjectId: 1, issuedAt: 1 });
certificateSchema.index({ status: 1, certificateId: 1 });
// Plain, not partial: FerretDB has no partial indexes; the queries filter on `current` themselves.
certificateSchema.index({ 'credential.proof.verificationMethod': 1, certificateId: 1 });
certificateSchema.index({ statusListIndex: 1 }, { unique: true, sparse: true });

const deadLetterSchema = new Schema<DeadLetterDocument>({
  _id: required,
  topic: required,
  key: { type: String },
  payload: { type: String, required: true },
  code: required,
  reason: required,
  attempts: { type: Number, required: true },
  firstSeenAt: required,
  lastSeenAt: required,
  status: { type: String, required: true, enum: ['open', 'redriven', 'discarded'] },
}, { versionKey: false, autoIndex: false });

deadLetterSchema.index({ status: 1, lastSeenAt: -1 });

/** A named counter (the status-position sequence; the audit chain's head, whose `value` is its seq, with `hash`). */
export interface CounterDocument { _id: string; value: number; hash?: string }

/**
 * An attempt window; MongoDB's TTL monitor deletes it after `expiresAt`. FerretDB (1.24) has no TTL indexes and
 * keeps it: the reads ignore expired windows either way (MongoDB's monitor also runs only once a minute).
 */
export interface AttemptDocument { key: string; window: string; count: number; expiresAt: Date }

/** An audit entry, keyed by its id. */
export type AuditDocument = Omit<AuditEntry, 'id'> & { _id: string };

const counterSchema = new Schema<CounterDocument>({ _id: required, value: { type: Number, required: true }, hash: { type: String } },
  { versionKey: false, autoIndex: false });

const attemptSchema = new Schema<AttemptDocument>({
  key: required, window: required, count: { type: Number, required: true }, expiresAt: { type: Date, required: true },
}, { versionKey: false, autoIndex: false });
attemptSchema.index({ key: 1, window: 1 }, { unique: true });
attemptSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const auditSchema = new Schema<AuditDocument>({
  _id: required, at: required, actor: required, action: required, target: required, reason: required,
  details: { type: Schema.Types.Mixed }, seq: { type: Number }, prevHash: { type: String }, hash: { type: String },
}, { versionKey: false, autoIndex: false });
auditSchema.index({ at: -1, _id: -1 });
auditSchema.index({ target: 1, at: -1 });
// One entry per chain position: the index, not the head record, is what keeps concurrent writers from forking the
// chain. Sparse, as entries written before the chain began have no seq (FerretDB's SQLite index skips them too).
auditSchema.index({ seq: 1 }, { unique: true, sparse: true });

/** The models of the store, bound to one connection (never to mongoose's global default connection). */
export interface StoreModels {
  certificates: Model<CertificateDocument>;
  deadLetters: Model<DeadLetterDocument>;
  counters: Model<CounterDocument>;
  attempts: Model<AttemptDocument>;
  audit: Model<AuditDocument>;
}

/**
 * Registers the models on `connection` and builds their indexes (the atomicity rules depend on them), first
 * bringing a database of an earlier version up to date (see `dropChangedIndexes`, `addCurrentSourceKeys`).
 */
export async function createModels(connection: Connection): Promise<StoreModels> {
  const models: StoreModels = {
    certificates: connection.model<CertificateDocument>('Certificate', certificateSchema, 'certificates'),
    deadLetters: connection.model<DeadLetterDocument>('DeadLetter', deadLetterSchema, 'dead_letters'),
    counters: connection.model<CounterDocument>('Counter', counterSchema, 'counters'),
    attempts: connection.model<AttemptDocument>('Attempt', attemptSchema, 'attempts'),
    audit: connection.model<AuditDocument>('AuditEntry', auditSchema, 'audit_log'),
  };
  await Promise.all(Object.values(models).map((model: Model<unknown>) => dropChangedIndexes(model)));
  await Promise.all(Object.values(models).map((model: Model<unknown>) => model.createIndexes().catch((error: unknown) => {
    // Only the TTL index is optional (it is the last of the attempts' indexes, so the unique one exists).
    if (model === models.attempts && isNotImplemented(error, 'expireAfterSeconds')) return;
    throw error;
  })));
  await addCurrentSourceKeys(models);
  return models;
}

/** True for a server's "not implemented" answer (code 238, FerretDB) about `option`. */
function isNotImplemented(error: unknown, option: string): boolean {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  return code === 238 && String(message).includes(option);
}

/** Strips the storage-only fields (`_id`, `current`, `currentSourceKey`) from a lean certificate document. */
export function fromCertificateDocument(document: CertificateDocument & { _id?: unknown }): StoredCertificate {
  const { _id, current, currentSourceKey, ...certificate } = document;
  return certificate;
}

/** Converts a lean dead-letter document to the port's shape. */
export function fromDeadLetterDocument(document: DeadLetterDocument): DeadLetter {
  const { _id, ...entry } = document;
  return { id: _id, ...entry };
}

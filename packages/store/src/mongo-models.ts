import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { CERTIFICATE_STATUSES } from './types.js';
import type { AuditEntry, DeadLetter, StoredCertificate } from './types.js';

/** A certificate document: the port's fields plus `current` (false once superseded), which the indexes use. */
export type CertificateDocument = StoredCertificate & { current: boolean };

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
  current: { type: Boolean, required: true },
}, { minimize: false, versionKey: false, autoIndex: false });

certificateSchema.index({ certificateId: 1 }, { unique: true });
certificateSchema.index({ credentialId: 1 }, { unique: true });
// `$exists: false` is not allowed in a partial filter, hence the explicit `current` flag.
certificateSchema.index({ sourceKey: 1 }, { unique: true, partialFilterExpression: { current: true } });
certificateSchema.index({ subjectId: 1, issuedAt: 1 });
certificateSchema.index({ status: 1, certificateId: 1 });
certificateSchema.index(
  { 'credential.proof.verificationMethod': 1, certificateId: 1 },
  { partialFilterExpression: { current: true } },
);
certificateSchema.index(
  { statusListIndex: 1 },
  { unique: true, partialFilterExpression: { statusListIndex: { $exists: true } } },
);

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

/** An attempt window; MongoDB's TTL monitor deletes it after `expiresAt`. */
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

/** Registers the models on `connection` and builds their indexes (the atomicity rules depend on them). */
export async function createModels(connection: Connection): Promise<StoreModels> {
  const models: StoreModels = {
    certificates: connection.model<CertificateDocument>('Certificate', certificateSchema, 'certificates'),
    deadLetters: connection.model<DeadLetterDocument>('DeadLetter', deadLetterSchema, 'dead_letters'),
    counters: connection.model<CounterDocument>('Counter', counterSchema, 'counters'),
    attempts: connection.model<AttemptDocument>('Attempt', attemptSchema, 'attempts'),
    audit: connection.model<AuditDocument>('AuditEntry', auditSchema, 'audit_log'),
  };
  await Promise.all(Object.values(models).map((model: Model<unknown>) => model.createIndexes()));
  return models;
}

/** Strips the storage-only fields (`_id`, `current`) from a lean certificate document. */
export function fromCertificateDocument(document: CertificateDocument & { _id?: unknown }): StoredCertificate {
  const { _id, current, ...certificate } = document;
  return certificate;
}

/** Converts a lean dead-letter document to the port's shape. */
export function fromDeadLetterDocument(document: DeadLetterDocument): DeadLetter {
  const { _id, ...entry } = document;
  return { id: _id, ...entry };
}

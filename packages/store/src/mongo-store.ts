import mongoose from 'mongoose';
import type { ClientSession, Connection } from 'mongoose';
import { HealthcredError } from '@healthcred/errors';
import { assertSaveCauses, supersedeAuditEntry } from './audit-chain.js';
import {
  assertAttemptWindow, assertDeadLetterStatus, assertNewAuditEntry, assertNewCertificate, assertNewDeadLetter,
  assertReissue, assertReservation, assertStatusChange, assertStatusQuery, deadLetterId, decideSave, pageSize, supersededReason,
} from './checks.js';
import { AuditSeqRace, appendChainedAudit, listChainedAudit, readAuditHead, readChainedAudit } from './mongo-audit.js';
import { createModels, currentFields, fromCertificateDocument, fromDeadLetterDocument, retireUpdate } from './mongo-models.js';
import { countProgrammeIn, eraseSubjectIn, purgeExpiredIn } from './mongo-privacy.js';
import { countCurrentBySigningKey, findCurrentBySigningKey } from './mongo-signing-key.js';
import { assertPurgeOptions } from './privacy-checks.js';
import type { Erasure, ProgrammeCount, PurgeCounts, PurgeOptions } from './privacy-types.js';
import type { CertificateDocument, CounterDocument, DeadLetterDocument, StoreModels } from './mongo-models.js';
import { guard, isUniqueViolation } from './store-error.js';
import type {
  AttemptWindow, AuditEntry, AuditHead, CertificateStatus, CredentialStore, DeadLetter, ListDeadLettersOptions, ListOptions,
  NewAuditEntry, NewCertificate, NewDeadLetter, SaveCause, SaveOutcome, SigningKeyQuery, StatusPositionQuery,
  StoredCertificate,
} from './types.js';

/** Options of {@link connectMongoStore}. */
export interface MongoStoreOptions {
  /** MongoDB connection string, e.g. `mongodb://localhost:27017/?replicaSet=rs0`. */
  uri: string;
  /** Database name. Default: the one named in `uri` (MongoDB's `test` when it names none). */
  dbName?: string;
  /** Clock for `updatedAt`. Default `() => new Date()`. */
  now?: () => Date;
}

/** How often `saveIssued` re-reads and retries after losing a race for the same sourceKey. */
const SAVE_ATTEMPTS = 5;

/** Thrown inside a save attempt that lost a race to a concurrent save of the same sourceKey. */
class LostRace extends Error {}


class MongoCredentialStore implements CredentialStore {
  readonly #connection: Connection;
  readonly #models: StoreModels;
  readonly #transactions: boolean;
  readonly #now: () => Date;

  constructor(connection: Connection, models: StoreModels, transactions: boolean, now: () => Date) {
    this.#connection = connection;
    this.#models = models;
    this.#transactions = transactions;
    this.#now = now;
  }

  saveIssued(incoming: NewCertificate, cause?: SaveCause): Promise<SaveOutcome> {
    return guard('save the certificate', async () => {
      assertNewCertificate(incoming);
      if (cause !== undefined) assertSaveCauses([cause], 1);
      for (let attempt = 1; ; attempt += 1) {
        try {
          return this.#transactions
            ? await this.#connection.transaction((session) => this.#saveOnce(incoming, cause, session))
            : await this.#saveOnce(incoming, cause, undefined);
        } catch (error) {
          if (attempt >= SAVE_ATTEMPTS || !await this.#lostRace(error, incoming)) throw error;
        }
      }
    });
  }

  /** One by one: each save is atomic on its own (a batch transaction would hold locks across the network). */
  saveIssuedMany(certificates: NewCertificate[], causes?: readonly SaveCause[]): Promise<SaveOutcome[]> {
    return guard('save the certificates', async () => {
      if (!Array.isArray(certificates)) throw new TypeError('"certificates" must be an array.');
      certificates.forEach(assertNewCertificate);
      assertSaveCauses(causes, certificates.length);
      const outcomes: SaveOutcome[] = [];
      for (const [i, certificate] of certificates.entries()) outcomes.push(await this.saveIssued(certificate, causes?.[i]));
      return outcomes;
    });
  }

  reserveStatusPositions(count: number): Promise<number> {
    return guard('reserve status positions', async () => {
      assertReservation(count);
      if (count === 0) {
        return (await this.#models.counters.findById('status_positions').lean<CounterDocument>())?.value ?? 0;
      }
      const counter = await this.#models.counters.findOneAndUpdate({ _id: 'status_positions' }, { $inc: { value: count } },
        { upsert: true, new: true }).lean<CounterDocument>();
      if (counter === null) throw new Error('counter upsert returned no document');
      return counter.value - count;
    });
  }

  listStatusPositions(query: StatusPositionQuery): Promise<number[]> {
    return guard('read the status positions', async () => {
      assertStatusQuery(query);
      const found = await this.#models.certificates.find(
        { statusListIndex: { $gte: query.from, $lt: query.to }, status: { $in: query.statuses } },
        { statusListIndex: 1, _id: 0 },
      ).sort({ statusListIndex: 1 }).lean<{ statusListIndex: number }[]>();
      return found.map((document) => document.statusListIndex);
    });
  }

  addAttempt(attempt: AttemptWindow & { expiresAt: Date }): Promise<number> {
    return guard('count the attempt', async () => {
      assertAttemptWindow(attempt);
      const filter = { key: String(attempt.key), window: String(attempt.window) };
      const update = { $inc: { count: 1 }, $setOnInsert: { expiresAt: attempt.expiresAt } };
      const add = () => this.#models.attempts.findOneAndUpdate(filter, update, { upsert: true, new: true }).lean();
      const saved = await add().catch((error: unknown) => {
        if (isUniqueViolation(error)) return add();
        throw error;
      });
      return saved?.count ?? 1;
    });
  }

  countAttempts(attempt: AttemptWindow): Promise<number> {
    return guard('read the attempts', async () => {
      assertAttemptWindow(attempt);
      const found = await this.#models.attempts.findOne({
        key: String(attempt.key), window: String(attempt.window), expiresAt: { $gte: new Date() },
      }).lean();
      return found?.count ?? 0;
    });
  }

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return guard('write the audit log', () => {
      assertNewAuditEntry(entry);
      return appendChainedAudit(this.#models, entry);
    });
  }

  listAudit(options: { limit?: number; target?: string } = {}): Promise<AuditEntry[]> {
    return guard('read the audit log', () => listChainedAudit(this.#models, { ...options, limit: pageSize(options.limit) }));
  }

  readAuditLog(): AsyncIterable<AuditEntry> {
    return readChainedAudit(this.#models);
  }

  auditHead(): Promise<AuditHead | undefined> {
    return guard('read the audit log', () => readAuditHead(this.#models));
  }

  /**
   * True when `error` means another save of the same source got there first, so a new attempt decides again: a
   * unique violation while the certificate's own unique values are free must be on the current sourceKey. (MongoDB
   * names the index in `keyPattern`, FerretDB does not.)
   */
  async #lostRace(error: unknown, incoming: NewCertificate): Promise<boolean> {
    if (error instanceof LostRace) return true;
    if (!isUniqueViolation(error)) return false;
    const own: Record<string, unknown>[] = [{ certificateId: incoming.certificateId }, { credentialId: incoming.credentialId }];
    if (incoming.statusListIndex !== undefined) own.push({ statusListIndex: incoming.statusListIndex });
    return await this.#models.certificates.exists({ $or: own }) === null;
  }

  /**
   * One attempt: read the current certificate, then write with conditions that fail when another writer got
   * there first (the unique index on current sourceKeys, or the `current: true` filter of the revoke).
   * In a transaction both writes commit together. Without one (standalone mongod) the revoke is undone if the
   * insert fails; a crash between the two writes leaves the old certificate revoked with no current one, and the
   * redelivered event then inserts its certificate as new. A supersede's audit entry is a third write: in the
   * transaction, or after the insert (a crash right before it leaves that supersede without its entry).
   */
  async #saveOnce(incoming: NewCertificate, cause: SaveCause | undefined, session: ClientSession | undefined): Promise<SaveOutcome> {
    const { certificates } = this.#models;
    const found = await certificates.findOne({ currentSourceKey: incoming.sourceKey })
      .session(session ?? null).lean<CertificateDocument>();
    const current = found === null ? undefined : fromCertificateDocument(found);
    const decision = decideSave(current, incoming);
    if (decision === 'duplicate' || decision === 'stale') {
      return { outcome: decision, certificate: current as StoredCertificate };
    }
    const at = this.#now().toISOString();
    const certificate: StoredCertificate = { ...incoming, status: 'issued', updatedAt: at };
    if (decision === 'insert' || current === undefined) {
      await certificates.create([{ ...certificate, ...currentFields(certificate) }], { session });
      return { outcome: 'inserted', certificate };
    }
    const reason = supersededReason(incoming.certificateId);
    const revoke = { status: 'revoked', statusReason: reason, supersededBy: incoming.certificateId, updatedAt: at };
    const revoked = await certificates.updateOne(
      { certificateId: current.certificateId, current: true },
      retireUpdate(revoke),
      { session },
    );
    if (revoked.modifiedCount !== 1) throw new LostRace();
    certificate.supersedes = current.certificateId;
    try {
      await certificates.create([{ ...certificate, ...currentFields(certificate) }], { session });
    } catch (error) {
      if (session === undefined) await this.#restore(current);
      throw error;
    }
    const previous: StoredCertificate = { ...current, ...revoke, status: 'revoked' };
    await appendChainedAudit(this.#models, supersedeAuditEntry({ previous, certificate, cause, at }), session)
      .catch((error: unknown) => { throw error instanceof AuditSeqRace ? new LostRace() : error; });
    return { outcome: 'superseded', certificate, previous };
  }

  async #restore(previous: StoredCertificate): Promise<void> {
    const unset: Record<string, 1> = { supersededBy: 1 };
    if (previous.statusReason === undefined) unset['statusReason'] = 1;
    const set: Record<string, unknown> = { ...currentFields(previous), status: previous.status, updatedAt: previous.updatedAt };
    if (previous.statusReason !== undefined) set['statusReason'] = previous.statusReason;
    await this.#models.certificates.updateOne({ certificateId: previous.certificateId }, { $set: set, $unset: unset });
  }

  saveReissued(previousCertificateId: string, incoming: NewCertificate, reason: string): Promise<SaveOutcome & { outcome: 'superseded' }> {
    return guard('save the re-issued certificate', async () => {
      assertNewCertificate(incoming);
      const previous = await this.#one({ certificateId: String(previousCertificateId) });
      assertReissue(previous, incoming, reason);
      const replace = async (session: ClientSession | undefined) => {
        const at = this.#now().toISOString();
        const revoke = { status: 'revoked', statusReason: reason, supersededBy: incoming.certificateId, updatedAt: at };
        const revoked = await this.#models.certificates.updateOne(
          { certificateId: previous!.certificateId, current: true }, retireUpdate(revoke), { session });
        if (revoked.modifiedCount !== 1) {
          throw new HealthcredError('conflict', 'Only the current certificate of a source can be re-issued, under the same source key.');
        }
        const certificate: StoredCertificate = { ...incoming, status: 'issued', updatedAt: at, supersedes: previous!.certificateId };
        try {
          await this.#models.certificates.create([{ ...certificate, ...currentFields(certificate) }], { session });
        } catch (error) {
          if (session === undefined) await this.#restore(previous!);
          throw error;
        }
        return { outcome: 'superseded' as const, certificate, previous: { ...previous!, ...revoke, status: 'revoked' as const } };
      };
      return this.#transactions ? this.#connection.transaction((session) => replace(session)) : replace(undefined);
    });
  }

  findCurrentBySourceKey(sourceKey: string): Promise<StoredCertificate | undefined> {
    return guard('read the certificate', () => this.#one({ currentSourceKey: String(sourceKey) }));
  }

  findByCertificateId(certificateId: string): Promise<StoredCertificate | undefined> {
    return guard('read the certificate', () => this.#one({ certificateId: String(certificateId) }));
  }

  findBySubject(subjectId: string): Promise<StoredCertificate[]> {
    return guard('read the certificates', async () => {
      const found = await this.#models.certificates.find({ subjectId: String(subjectId) })
        .sort({ issuedAt: 1, certificateId: 1 }).lean<CertificateDocument[]>();
      return found.map(fromCertificateDocument);
    });
  }

  setStatus(certificateId: string, status: CertificateStatus, reason: string): Promise<StoredCertificate> {
    return guard('change the certificate status', async () => {
      assertStatusChange(status, reason);
      const filter = status === 'revoked'
        ? { certificateId: String(certificateId), erasedAt: { $exists: false } }
        : { certificateId: String(certificateId), current: true, erasedAt: { $exists: false } };
      const updated = await this.#models.certificates.findOneAndUpdate(
        filter,
        { $set: { status, statusReason: reason, updatedAt: this.#now().toISOString() } },
        { new: true },
      ).lean<CertificateDocument>();
      if (updated !== null) return fromCertificateDocument(updated);
      if (await this.#one({ certificateId: String(certificateId) }) !== undefined) {
        throw new HealthcredError('conflict', 'A superseded or erased certificate stays revoked.', { field: 'status' });
      }
      throw new HealthcredError('not_found', 'No certificate has this certificateId.', { field: 'certificateId' });
    });
  }

  list(options: ListOptions = {}): Promise<StoredCertificate[]> {
    return guard('list the certificates', async () => {
      const limit = pageSize(options.limit);
      const filter: Record<string, unknown> = { certificateId: { $gt: String(options.after ?? '') } };
      if (options.status !== undefined) filter['status'] = options.status;
      const found = await this.#models.certificates.find(filter).sort({ certificateId: 1 }).limit(limit)
        .lean<CertificateDocument[]>();
      return found.map(fromCertificateDocument);
    });
  }

  count(options: { status?: CertificateStatus } = {}): Promise<number> {
    const filter = options.status === undefined ? {} : { status: options.status };
    return guard('count the certificates', () => this.#models.certificates.countDocuments(filter));
  }

  listCurrentBySigningKey(query: SigningKeyQuery): Promise<StoredCertificate[]> {
    return guard('list the certificates of a key', () => findCurrentBySigningKey(this.#models, query));
  }

  countCurrentBySigningKey(query: Omit<SigningKeyQuery, 'limit' | 'after'>): Promise<number> {
    return guard('count the certificates of a key', () => countCurrentBySigningKey(this.#models, query));
  }

  saveDeadLetter(entry: NewDeadLetter): Promise<DeadLetter> {
    return guard('save the dead letter', async () => {
      assertNewDeadLetter(entry);
      const onInsert: Record<string, unknown> = { topic: entry.topic, payload: entry.payload, firstSeenAt: entry.at };
      if (entry.key !== undefined) onInsert['key'] = entry.key;
      const update = {
        $setOnInsert: onInsert,
        $set: { code: entry.code, reason: entry.reason, lastSeenAt: entry.at, status: 'open' },
        $inc: { attempts: entry.attempts },
      };
      const id = deadLetterId(entry);
      const upsert = () => this.#models.deadLetters.findOneAndUpdate({ _id: id }, update, { upsert: true, new: true })
        .lean<DeadLetterDocument>();
      // Two concurrent upserts of a new id: one fails on the _id index and succeeds as an update when retried.
      const saved = await upsert().catch((error: unknown) => {
        if (isUniqueViolation(error)) return upsert();
        throw error;
      });
      if (saved === null) throw new Error('upsert returned no document');
      return fromDeadLetterDocument(saved);
    });
  }

  findDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return guard('read the dead letter', async () => {
      const found = await this.#models.deadLetters.findOne({ _id: String(id) }).lean<DeadLetterDocument>();
      return found === null ? undefined : fromDeadLetterDocument(found);
    });
  }

  listDeadLetters(options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
    return guard('list the dead letters', async () => {
      const filter = options.status === undefined ? {} : { status: options.status };
      const found = await this.#models.deadLetters.find(filter).sort({ lastSeenAt: -1, _id: 1 })
        .limit(pageSize(options.limit)).lean<DeadLetterDocument[]>();
      return found.map(fromDeadLetterDocument);
    });
  }

  setDeadLetterStatus(id: string, status: DeadLetter['status']): Promise<DeadLetter> {
    return guard('change the dead letter status', async () => {
      assertDeadLetterStatus(status);
      const updated = await this.#models.deadLetters.findOneAndUpdate({ _id: String(id) }, { $set: { status } },
        { new: true }).lean<DeadLetterDocument>();
      if (updated === null) throw new HealthcredError('not_found', 'No dead letter has this id.', { field: 'id' });
      return fromDeadLetterDocument(updated);
    });
  }

  ping(): Promise<void> {
    return guard('reach the database', async () => {
      if (this.#connection.db === undefined) throw new Error('not connected');
      await this.#connection.db.command({ ping: 1 });
    }, true);
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  eraseSubject(certificateId: string): Promise<Erasure> {
    return guard('erase the personal data', () => eraseSubjectIn(this.#models, String(certificateId), this.#now().toISOString()));
  }

  purgeExpired(options: PurgeOptions): Promise<PurgeCounts> {
    return guard('purge expired entries', () => {
      assertPurgeOptions(options);
      return purgeExpiredIn(this.#models, options);
    });
  }

  countProgramme(): Promise<ProgrammeCount[]> {
    return guard('count the certificates', () => countProgrammeIn(this.#models));
  }

  async #one(filter: Record<string, unknown>): Promise<StoredCertificate | undefined> {
    const found = await this.#models.certificates.findOne(filter).lean<CertificateDocument>();
    return found === null ? undefined : fromCertificateDocument(found);
  }
}

/**
 * Connects the MongoDB credential store (national tier) on its own mongoose connection, builds the indexes
 * (unique certificateId and credentialId, unique sourceKey among current certificates, subjectId, status, unique
 * statusListIndex) and returns when they exist. Runs on MongoDB and on FerretDB 1.24 (see the store README for
 * what FerretDB does not serve).
 *
 * `saveIssued` runs in a multi-document transaction when the server supports them (replica set or mongos). On a
 * standalone mongod it runs the same conditional writes without a transaction: concurrent saves still give one
 * winner (the unique index decides), but a correction is two writes, so a crash between them leaves the old
 * certificate revoked without a current one until the event is redelivered. Run MongoDB as a replica set
 * (a single-node one is enough) in production.
 * @throws HealthcredError `internal` (retryable) when the server cannot be reached or the indexes not built.
 */
export async function connectMongoStore(options: MongoStoreOptions): Promise<CredentialStore> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName, serverSelectionTimeoutMS: 5_000,
  });
  return guard('connect to MongoDB', async () => {
    try {
      await connection.asPromise();
      const models = await createModels(connection);
      const hello = await connection.db?.admin().command({ hello: 1 });
      const transactions = typeof hello?.['setName'] === 'string' || hello?.['msg'] === 'isdbgrid';
      return new MongoCredentialStore(connection, models, transactions, options.now ?? (() => new Date()));
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }, true);
}

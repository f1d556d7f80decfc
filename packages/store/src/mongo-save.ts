import type { ClientSession } from 'mongoose';
import { AuditSeqRace, appendChainedAudit } from './mongo-audit.js';
import { supersedeAuditEntry } from './audit-chain.js';
import type { NewCertificate, SaveCause, SaveOutcome, StoredCertificate } from './certificate-types.js';
import { decideSave, supersededReason } from './checks.js';
import type { MongoContext } from './mongo-context.js';
import { currentFields, fromCertificateDocument, retireUpdate } from './mongo-models.js';
import type { CertificateDocument, StoreModels } from './mongo-models.js';
import { isUniqueViolation } from './store-error.js';

/** How often `saveIssued` re-reads and retries after losing a race for the same sourceKey. */
const SAVE_ATTEMPTS = 5;

/** Thrown inside a save attempt that lost a race to a concurrent save of the same sourceKey. */
class LostRace extends Error {}

/** Puts a certificate whose revoke was written back as it was (the insert after it failed, without a transaction). */
export async function restoreCertificate(models: StoreModels, previous: StoredCertificate): Promise<void> {
  const unset: Record<string, 1> = { supersededBy: 1 };
  if (previous.statusReason === undefined) unset['statusReason'] = 1;
  const set: Record<string, unknown> = { ...currentFields(previous), status: previous.status, updatedAt: previous.updatedAt };
  if (previous.statusReason !== undefined) set['statusReason'] = previous.statusReason;
  await models.certificates.updateOne({ certificateId: previous.certificateId }, { $set: set, $unset: unset });
}

/**
 * True when `error` means another save of the same source got there first, so a new attempt decides again: a
 * unique violation while the certificate's own unique values are free must be on the current sourceKey. (MongoDB
 * names the index in `keyPattern`, FerretDB does not.)
 */
async function lostRace(models: StoreModels, error: unknown, incoming: NewCertificate): Promise<boolean> {
  if (error instanceof LostRace) return true;
  if (!isUniqueViolation(error)) return false;
  const own: Record<string, unknown>[] = [{ certificateId: incoming.certificateId }, { credentialId: incoming.credentialId }];
  if (incoming.statusListIndex !== undefined) own.push({ statusListIndex: incoming.statusListIndex });
  return await models.certificates.exists({ $or: own }) === null;
}

/**
 * One attempt: read the current certificate, then write with conditions that fail when another writer got
 * there first (the unique index on current sourceKeys, or the `current: true` filter of the revoke).
 * In a transaction both writes commit together. Without one (standalone mongod) the revoke is undone if the
 * insert fails; a crash between the two writes leaves the old certificate revoked with no current one, and the
 * redelivered event then inserts its certificate as new. A supersede's audit entry is a third write: in the
 * transaction, or after the insert (a crash right before it leaves that supersede without its entry).
 */
async function saveOnce(context: MongoContext, incoming: NewCertificate, cause: SaveCause | undefined,
  session: ClientSession | undefined): Promise<SaveOutcome> {
  const { certificates } = context.models;
  const found = await certificates.findOne({ currentSourceKey: incoming.sourceKey })
    .session(session ?? null).lean<CertificateDocument>();
  const current = found === null ? undefined : fromCertificateDocument(found);
  const decision = decideSave(current, incoming);
  if (decision === 'duplicate' || decision === 'stale') {
    return { outcome: decision, certificate: current as StoredCertificate };
  }
  const at = context.now().toISOString();
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
    if (session === undefined) await restoreCertificate(context.models, current);
    throw error;
  }
  const previous: StoredCertificate = { ...current, ...revoke, status: 'revoked' };
  await appendChainedAudit(context.models, supersedeAuditEntry({ previous, certificate, cause, at }), session)
    .catch((error: unknown) => { throw error instanceof AuditSeqRace ? new LostRace() : error; });
  return { outcome: 'superseded', certificate, previous };
}

/**
 * `saveIssued` of the MongoDB store, after the checks: in a transaction where the server has them, attempted again
 * (up to {@link SAVE_ATTEMPTS} times) after losing a race to a concurrent save of the same source.
 */
export async function saveCertificate(context: MongoContext, incoming: NewCertificate, cause: SaveCause | undefined): Promise<SaveOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return context.transactions
        ? await context.connection.transaction((session) => saveOnce(context, incoming, cause, session))
        : await saveOnce(context, incoming, cause, undefined);
    } catch (error) {
      if (attempt >= SAVE_ATTEMPTS || !await lostRace(context.models, error, incoming)) throw error;
    }
  }
}

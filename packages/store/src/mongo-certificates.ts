import type { ClientSession } from 'mongoose';
import { HealthcredError } from '@healthcred/errors';
import { assertSaveCauses } from './audit-chain.js';
import type { CertificateStore } from './certificate-store.js';
import type { StoredCertificate } from './certificate-types.js';
import { assertNewCertificate, assertReissue, assertSourceKeys, assertStatusChange, pageSize } from './checks.js';
import { findCurrents, saveInBatches } from './mongo-batch.js';
import type { MongoContext } from './mongo-context.js';
import { currentFields, fromCertificateDocument, retireUpdate, type CertificateDocument } from './mongo-models.js';
import { restoreCertificate, saveCertificate } from './mongo-save.js';
import { countCurrentBySigningKey, findCurrentBySigningKey } from './mongo-signing-key.js';
import { findCurrentBySourceKeyPrefix } from './mongo-source-key.js';
import { guard } from './store-error.js';

/**
 * The MongoDB {@link CertificateStore}: conditional writes under the unique index on `currentSourceKey`, in a
 * transaction where the server has them (see `mongo-save.ts`); batch saves and reads in few queries
 * (`mongo-batch.ts`).
 */
export function mongoCertificates(context: MongoContext): CertificateStore {
  const { models, now } = context;
  const one = async (filter: Record<string, unknown>): Promise<StoredCertificate | undefined> => {
    const found = await models.certificates.findOne(filter).lean<CertificateDocument>();
    return found === null ? undefined : fromCertificateDocument(found);
  };

  const saveIssued: CertificateStore['saveIssued'] = (incoming, cause) => guard('save the certificate', () => {
    assertNewCertificate(incoming);
    if (cause !== undefined) assertSaveCauses([cause], 1);
    return saveCertificate(context, incoming, cause);
  });

  return {
    saveIssued,

    /**
     * As one-by-one saves (each atomic on its own: a batch transaction would hold locks across the network), but with
     * one read per batch and the new certificates inserted together (see `saveInBatches`).
     */
    saveIssuedMany: (certificates, causes) => guard('save the certificates', async () => {
      if (!Array.isArray(certificates)) throw new TypeError('"certificates" must be an array.');
      certificates.forEach(assertNewCertificate);
      assertSaveCauses(causes, certificates.length);
      return saveInBatches({ models, now, saveOne: saveIssued }, certificates, causes);
    }),

    saveReissued: (previousCertificateId, incoming, reason) => guard('save the re-issued certificate', async () => {
      assertNewCertificate(incoming);
      const previous = await one({ certificateId: String(previousCertificateId) });
      assertReissue(previous, incoming, reason);
      const replace = async (session: ClientSession | undefined) => {
        const at = now().toISOString();
        const revoke = { status: 'revoked', statusReason: reason, supersededBy: incoming.certificateId, updatedAt: at };
        const revoked = await models.certificates.updateOne(
          { certificateId: previous!.certificateId, current: true }, retireUpdate(revoke), { session });
        if (revoked.modifiedCount !== 1) {
          throw new HealthcredError('conflict', 'Only the current certificate of a source can be re-issued, under the same source key.');
        }
        const certificate: StoredCertificate = { ...incoming, status: 'issued', updatedAt: at, supersedes: previous!.certificateId };
        try {
          await models.certificates.create([{ ...certificate, ...currentFields(certificate) }], { session });
        } catch (error) {
          if (session === undefined) await restoreCertificate(models, previous!);
          throw error;
        }
        return { outcome: 'superseded' as const, certificate, previous: { ...previous!, ...revoke, status: 'revoked' as const } };
      };
      return context.transactions ? context.connection.transaction((session) => replace(session)) : replace(undefined);
    }),

    findCurrentBySourceKey: (sourceKey) => guard('read the certificate', () => one({ currentSourceKey: String(sourceKey) })),

    findCurrentBySourceKeys: (sourceKeys) => guard('read the certificates', () => {
      assertSourceKeys(sourceKeys);
      return findCurrents(models, sourceKeys);
    }),

    listCurrentBySourceKeyPrefix: (prefix) => guard('read the certificates', () => findCurrentBySourceKeyPrefix(models, prefix)),

    findByCertificateId: (certificateId) => guard('read the certificate', () => one({ certificateId: String(certificateId) })),

    findBySubject: (subjectId) => guard('read the certificates', async () => {
      const found = await models.certificates.find({ subjectId: String(subjectId) })
        .sort({ issuedAt: 1, certificateId: 1 }).lean<CertificateDocument[]>();
      return found.map(fromCertificateDocument);
    }),

    setStatus: (certificateId, status, reason) => guard('change the certificate status', async () => {
      assertStatusChange(status, reason);
      const filter = status === 'revoked'
        ? { certificateId: String(certificateId), erasedAt: { $exists: false } }
        : { certificateId: String(certificateId), current: true, erasedAt: { $exists: false } };
      const updated = await models.certificates.findOneAndUpdate(
        filter,
        { $set: { status, statusReason: reason, updatedAt: now().toISOString() } },
        { new: true },
      ).lean<CertificateDocument>();
      if (updated !== null) return fromCertificateDocument(updated);
      if (await one({ certificateId: String(certificateId) }) !== undefined) {
        throw new HealthcredError('conflict', 'A superseded or erased certificate stays revoked.', { field: 'status' });
      }
      throw new HealthcredError('not_found', 'No certificate has this certificateId.', { field: 'certificateId' });
    }),

    list: (options = {}) => guard('list the certificates', async () => {
      const limit = pageSize(options.limit);
      const filter: Record<string, unknown> = { certificateId: { $gt: String(options.after ?? '') } };
      if (options.status !== undefined) filter['status'] = options.status;
      const found = await models.certificates.find(filter).sort({ certificateId: 1 }).limit(limit)
        .lean<CertificateDocument[]>();
      return found.map(fromCertificateDocument);
    }),

    count: (options = {}) => {
      const filter = options.status === undefined ? {} : { status: options.status };
      return guard('count the certificates', () => models.certificates.countDocuments(filter));
    },

    listCurrentBySigningKey: (query) => guard('list the certificates of a key', () => findCurrentBySigningKey(models, query)),

    countCurrentBySigningKey: (query) => guard('count the certificates of a key', () => countCurrentBySigningKey(models, query)),
  };
}

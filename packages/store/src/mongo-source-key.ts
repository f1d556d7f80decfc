import { fromCertificateDocument } from './mongo-models.js';
import type { CertificateDocument, StoreModels } from './mongo-models.js';
import { SOURCE_KEY_PREFIX_LIMIT, sourceKeyRange } from './source-key-lookup.js';
import type { StoredCertificate } from './certificate-types.js';

/** `listCurrentBySourceKeyPrefix` of the MongoDB store: a range scan of the unique index on `currentSourceKey`. */
export async function findCurrentBySourceKeyPrefix(models: StoreModels, prefix: string): Promise<StoredCertificate[]> {
  const { from, to } = sourceKeyRange(prefix);
  const found = await models.certificates.find({ currentSourceKey: { $gte: from, $lt: to } })
    .sort({ currentSourceKey: 1 }).limit(SOURCE_KEY_PREFIX_LIMIT).lean<CertificateDocument[]>();
  return found.map(fromCertificateDocument);
}

import { assertSigningKeyQuery, pageSize } from './checks.js';
import { fromCertificateDocument } from './mongo-models.js';
import type { CertificateDocument, StoreModels } from './mongo-models.js';
import type { SigningKeyQuery, StoredCertificate } from './certificate-types.js';

/** The current certificates signed by the query's key (served by the `credential.proof.verificationMethod` index). */
function signingKeyFilter(query: Omit<SigningKeyQuery, 'limit' | 'after'>): Record<string, unknown> {
  assertSigningKeyQuery(query);
  const filter: Record<string, unknown> = { 'credential.proof.verificationMethod': String(query.verificationMethod), current: true };
  if (query.status !== undefined) filter['status'] = query.status;
  return filter;
}

/** `listCurrentBySigningKey` of the MongoDB store. */
export async function findCurrentBySigningKey(models: StoreModels, query: SigningKeyQuery): Promise<StoredCertificate[]> {
  const filter = { ...signingKeyFilter(query), certificateId: { $gt: String(query.after ?? '') } };
  const found = await models.certificates.find(filter).sort({ certificateId: 1 }).limit(pageSize(query.limit))
    .lean<CertificateDocument[]>();
  return found.map(fromCertificateDocument);
}

/** `countCurrentBySigningKey` of the MongoDB store. */
export function countCurrentBySigningKey(models: StoreModels, query: Omit<SigningKeyQuery, 'limit' | 'after'>): Promise<number> {
  return models.certificates.countDocuments(signingKeyFilter(query));
}

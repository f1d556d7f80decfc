import { recordFromCredential } from '@healthcred/credentials';
import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import type { SaveOutcome } from '@healthcred/store';
import type { CertificationRequest } from './certification-request.js';
import { signAll, type IssuanceDeps } from './issue-certificate.js';

/**
 * Re-issues a stored certificate: the same record, signed now with the issuer's current key under a new certificate
 * id and a new revocation-list entry; the store revokes the old one with `reason` and links the two. For a key
 * rotation, a revocation in error, or a lost certificate. Replays of the source afterwards are duplicates of the
 * re-issue, as its content is the same.
 * @throws HealthcredError `not_found` for an unknown certificate, `conflict` for one that was already superseded,
 *   `invalid_input` when its credential cannot be read back as a record.
 */
export async function reissueCertificate(options: { certificateId: string; reason: string }, deps: IssuanceDeps):
Promise<SaveOutcome & { outcome: 'superseded' }> {
  const previous = await deps.store.findByCertificateId(options.certificateId);
  if (previous === undefined) throw new HealthcredError('not_found', 'No certificate has this id.');
  if (previous.supersededBy !== undefined) {
    throw new HealthcredError('conflict', `This certificate was already replaced by ${previous.supersededBy}.`);
  }
  const request: CertificationRequest = {
    sourceKey: previous.sourceKey, ...recordFromCredential(previous.credential),
    ...(previous.sourceUpdatedAt === undefined ? {} : { sourceUpdatedAt: previous.sourceUpdatedAt }),
  };
  for (let attempt = 1; ; attempt++) {
    const [signed] = await signAll([request], [previous.contentHash], deps, deps.now?.() ?? new Date());
    try {
      return await deps.store.saveReissued(previous.certificateId, signed!, options.reason);
    } catch (error) {
      // A conflict is a certificate id clash (retry with a fresh id) unless the old one was replaced meanwhile.
      const conflict = isHealthcredError(error) && error.code === 'conflict';
      const replaced = conflict && (await deps.store.findByCertificateId(previous.certificateId))?.supersededBy !== undefined;
      if (!conflict || replaced || attempt >= 3) throw error;
    }
  }
}

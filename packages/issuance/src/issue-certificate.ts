import {
  buildTestResultCredential, buildVaccinationCredential, generateCertificateId, issueCredential,
  type BuildCredentialOptions, type Issuer,
} from '@healthcred/credentials';
import { isHealthcredError } from '@healthcred/errors';
import type { CredentialStore, SaveOutcome } from '@healthcred/store';
import type { HealthCredential } from '@healthcred/types';
import { recordHash, type CertificationRequest } from './certification-request.js';

/** What issuing needs: where certificates are kept and who signs. Clock and id source are injectable for tests. */
export interface IssuanceDeps {
  store: CredentialStore;
  issuer: Issuer;
  now?: () => Date;
  newCertificateId?: () => string;
}

/** Attempts at a fresh certificate id when the store reports a clash (60 random bits: practically never twice). */
const CERTIFICATE_ID_ATTEMPTS = 3;

function buildCredential(request: CertificationRequest, options: BuildCredentialOptions): HealthCredential {
  return request.kind === 'vaccination'
    ? buildVaccinationCredential(request.record, options)
    : buildTestResultCredential(request.record, options);
}

/**
 * Issues the certificate for one request, idempotently:
 * - the current certificate for the same source key and the same record content → `duplicate`, nothing is signed;
 * - none → sign and store → `inserted`;
 * - one with other content (a corrected event) → sign and store the new one; the store revokes the old one in the
 *   same step → `superseded`.
 * The store's unique indexes make this safe when the same request is handled twice at the same time.
 *
 * @throws HealthcredError from signing (`unknown_term`, ...) or from the store (retryable when transient).
 */
export async function issueCertificate(request: CertificationRequest, deps: IssuanceDeps): Promise<SaveOutcome> {
  const contentHash = recordHash(request);
  const current = await deps.store.findCurrentBySourceKey(request.sourceKey);
  if (current && current.contentHash === contentHash) return { outcome: 'duplicate', certificate: current };

  const now = deps.now?.() ?? new Date();
  for (let attempt = 1; ; attempt++) {
    const certificateId = (deps.newCertificateId ?? generateCertificateId)();
    const credential = buildCredential(request, { issuer: deps.issuer, certificateId, issuedAt: now.toISOString() });
    const signed = await issueCredential({ credential, issuer: deps.issuer, now });
    try {
      return await deps.store.saveIssued({
        certificateId, credentialId: signed.id, kind: request.kind, sourceKey: request.sourceKey, contentHash,
        subjectId: signed.credentialSubject.id, dob: signed.credentialSubject.dob, issuedAt: signed.issuanceDate,
        credential: signed,
      });
    } catch (error) {
      const clash = isHealthcredError(error) && error.code === 'conflict';
      if (!clash || attempt >= CERTIFICATE_ID_ATTEMPTS) throw error;
    }
  }
}

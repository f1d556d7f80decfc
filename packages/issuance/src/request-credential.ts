import {
  buildTestResultCredential, buildVaccinationCredential, type BuildCredentialOptions,
} from '@healthcred/credentials';
import type { CertificationRequest } from '@healthcred/records';
import type { HealthCredential } from '@healthcred/types';

/** The unsigned credential of `request`, expiring when the request says. */
export function buildCredential(request: CertificationRequest, options: BuildCredentialOptions): HealthCredential {
  const built = request.expiresAt === undefined ? options : { ...options, expiresAt: request.expiresAt };
  return request.kind === 'vaccination'
    ? buildVaccinationCredential(request.record, built)
    : buildTestResultCredential(request.record, built);
}

import {
  buildTestResultCredential, buildVaccinationCredential, type BuildCredentialOptions,
} from '@healthcred/credentials';
import type { CertificationRequest } from '@healthcred/records';
import type { HealthCredential } from '@healthcred/types';

/** The unsigned credential of `request`. */
export function buildCredential(request: CertificationRequest, options: BuildCredentialOptions): HealthCredential {
  return request.kind === 'vaccination'
    ? buildVaccinationCredential(request.record, options)
    : buildTestResultCredential(request.record, options);
}

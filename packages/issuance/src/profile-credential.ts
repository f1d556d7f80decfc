import { toVc2Credential, type Issuer, type Vc2HealthCredential } from '@healthcred/credentials';
import type { CertificationRequest } from '@healthcred/records';
import { statusEntryForPosition, vc2StatusEntryForPosition } from '@healthcred/status-list';
import type { HealthCredential } from '@healthcred/types';
import { buildCredential } from './request-credential.js';

/**
 * The unsigned credential of `request` at status position `position`, in the issuer's data model: VC 1.1 with the
 * status entries of the VC 1.1 lists, or (`issuer.dataModel` `vc2`) its VC 2.0 form with the entries of the VC 2.0
 * lists at the same position.
 */
export function credentialForPosition(request: CertificationRequest, options: {
  issuer: Issuer; certificateId: string; issuedAt: string; position: number;
}): HealthCredential | Vc2HealthCredential {
  const { issuer, position, ...rest } = options;
  if (issuer.dataModel !== 'vc2') {
    return buildCredential(request, { ...rest, issuer, credentialStatus: statusEntryForPosition(position, issuer.url) });
  }
  const credential = buildCredential(request, { ...rest, issuer, credentialStatus: vc2StatusEntryForPosition(position, issuer.url) });
  return toVc2Credential(credential, issuer.url);
}

/** When a signed credential of either data model was issued: `issuanceDate` (VC 1.1) or `validFrom` (VC 2.0). */
export function issuedAtOf(credential: { issuanceDate?: string; validFrom?: string }): string {
  return (credential.validFrom ?? credential.issuanceDate)!;
}

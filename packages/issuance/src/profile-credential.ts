import { toVc2Credential, type Issuer, type Vc2HealthCredential } from '@healthcred/credentials';
import type { CertificationRequest } from '@healthcred/records';
import { statusEntryForPosition, vc2StatusEntryForPosition } from '@healthcred/status-list';
import type { HealthCredential } from '@healthcred/types';
import { buildCredential } from './request-credential.js';

/** The status entries of position `position` in the issuer's lists of its data model. */
function statusEntriesFor(issuer: Issuer, position: number) {
  return issuer.dataModel === 'vc2' ? vc2StatusEntryForPosition(position, issuer.url) : statusEntryForPosition(position, issuer.url);
}

/**
 * The unsigned credential of `request` at status position `position`, in the issuer's data model: VC 1.1 with the
 * status entries of the VC 1.1 lists, or (`issuer.dataModel` `vc2`) its VC 2.0 form with the entries of the VC 2.0
 * lists at the same position.
 */
export function credentialForPosition(request: CertificationRequest, options: {
  issuer: Issuer; certificateId: string; issuedAt: string; position: number;
}): HealthCredential | Vc2HealthCredential {
  const { issuer, position, ...rest } = options;
  const credential = buildCredential(request, { ...rest, issuer, credentialStatus: statusEntriesFor(issuer, position) });
  return issuer.dataModel === 'vc2' ? toVc2Credential(credential, issuer.url) : credential;
}

/**
 * `credential` (from {@link credentialForPosition}) moved to status position `position`: the same credential as
 * built there, since the status entries are one member that keeps its place, and the contexts depend only on their type.
 */
export function atStatusPosition<C extends HealthCredential | Vc2HealthCredential>(credential: C, issuer: Issuer, position: number): C {
  return { ...credential, credentialStatus: statusEntriesFor(issuer, position) };
}

/** When a signed credential of either data model was issued: `issuanceDate` (VC 1.1) or `validFrom` (VC 2.0). */
export function issuedAtOf(credential: { issuanceDate?: string; validFrom?: string }): string {
  return (credential.validFrom ?? credential.issuanceDate)!;
}

export { buildVaccinationCredential, buildTestResultCredential } from './build-credential.js';
export type { BuildCredentialOptions, IssuerProfile } from './build-credential.js';
export {
  generateCertificateId, normalizeCertificateId, derivedUrnUuid, CERTIFICATE_ID_PATTERN,
} from './identifiers.js';
export { createIssuer, issueCredential } from './issue-credential.js';
export { toVc2Credential, isVc2 } from './vc2-credential.js';
export type {
  Vc2, Vc2HealthCredential, Vc2StatusListCredential, Vc2Signed, DataIntegrityProof,
} from './vc2-credential.js';
export type { Issuer } from './issue-credential.js';
export { holdIssuer } from './issuer-holder.js';
export type { IssuerChange, IssuerHolder } from './issuer-holder.js';
export { verifyCredential } from './verify-credential.js';
export { createVerifiedStatusChecker } from './verified-status.js';
export type { VerifiedStatusOptions } from './verified-status.js';
export { contextBaseUrlsOf, divocNamespacesOf, unsafeJsonResult } from './verify/verify-core.js';
export type { DivocRevocationChecker, DivocRevocationState } from './verify/divoc-issuer.js';
export { DIVOC_SUITES, isDivocSuite } from './verify/divoc-proof.js';
export type { DivocSuite } from './verify/divoc-proof.js';
export type { VerifyCredentialOptions, StatusChecker, CredentialStatusState } from './verify/verify-core.js';
export { recordFromCredential } from './record-from-credential.js';
export { readVcApiIssueRequest } from './vc-api-issue-request.js';
export type { VcApiIssueRequest } from './vc-api-issue-request.js';
export { trustEntryOf } from './trust-entry.js';
export { buildDivocVaccinationCredential, buildDivocTestCredential } from './divoc-credential.js';
export type {
  DivocVaccinationCredential, DivocTestCredential, DivocCredential, DivocAddress, BuildDivocOptions,
} from './divoc-credential.js';
export { issueDivocCredential, createDivocIssuer } from './divoc-issue.js';
export type { DivocIssuer, DivocProof } from './divoc-issue.js';
export { divocTrustEntryOf, ownTrustEntries, DIVOC_REVOCATION_PATH } from './divoc-trust-entry.js';
export { recordFromDivocCredential, isDivocCredential } from './divoc-record.js';

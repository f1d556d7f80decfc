export type { OrgUnit } from './org-unit.js';
export type { DivocContextVersion, DivocProfile } from './divoc-profile.js';
export type {
  PostalAddress, Recipient, Facility, VaccinationRecord, TestResultRecord, TestResultValue, HealthRecord,
} from './records.js';
export type {
  JsonValue, JsonObject, CredentialAddress, OptionalCredentialField, PersonSubject, VaccinationEvidence, TestResultEvidence,
  BitstringStatusListEntry, VaccinationCredential, TestResultCredential, HealthCredential,
  Ed25519Signature2020Proof, Signed, SignedHealthCredential, StatusListCredential,
  StatusList2021Entry, CredentialStatusEntry, StatusList2021Credential, BitstringStatusListCredential,
} from './credentials.js';
export type { Ed25519VerificationMethod, DidDocument } from './did.js';
export type {
  VerificationCheckName, VerificationErrorCode, VerificationError, VerificationResult, VerificationWarning,
  VerifiedIssuer,
} from './verification.js';
export type {
  TrustedIssuer, DidTrustedIssuer, DivocTrustedIssuer, DivocTrust, DivocKey, DivocRsaKey, DivocEd25519Key, DivocRevocationState,
} from './trust.js';

import {
  contextUrl, ED25519_2020_CONTEXT, STATUS_LIST_2021_CONTEXT, TEST_RESULT_CONTEXT_PATH, TEST_RESULT_CONTEXT_V2_PATH,
  VACCINATION_CONTEXT_PATH, VACCINATION_CONTEXT_V2_PATH, VC_V1_CONTEXT,
} from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import type {
  CredentialAddress, CredentialStatusEntry, Facility, OptionalCredentialField, PersonSubject, PostalAddress, Recipient,
  TestResultCredential, TestResultEvidence, TestResultRecord, VaccinationCredential, VaccinationEvidence,
  VaccinationRecord,
} from '@healthcred/types';
import { CERTIFICATE_ID_PATTERN, derivedUrnUuid } from './identifiers.js';
import { dropUndefined, NAME_PART_FIELDS } from '@healthcred/records';

/**
 * Who issues: the DID that signs, the public base URL the contexts are served under, and what its credentials carry
 * beyond the WHO DDCC:VS core data set.
 */
export interface IssuerProfile {
  did: string;
  /** Public base URL, e.g. `https://certificates.health.gov.lk`. */
  url: string;
  /**
   * The optional fields this issuer's credentials carry when the record has them (the deployment's
   * `CREDENTIAL_OPTIONAL_FIELDS`). Default: none, the minimal credential: name, birth date, the event, the issuer,
   * the certificate id and the status entries.
   */
  credentialFields?: readonly OptionalCredentialField[];
  /**
   * `vc2`: the deployment issues VC Data Model 2.0 credentials (`toVc2Credential`, `DataIntegrityProof` with
   * `eddsa-rdfc-2022`, status entries at the VC 2.0 lists). Default: VC 1.1 with `Ed25519Signature2020`.
   */
  dataModel?: 'vc2';
}

/** Options of the credential builders. */
export interface BuildCredentialOptions {
  issuer: IssuerProfile;
  /** The certificate id (see `generateCertificateId`). */
  certificateId: string;
  /** Issuance time (ISO 8601). Milliseconds are dropped. */
  issuedAt: string;
  /** Expiry time (ISO 8601). Default: none, as for vaccinations. */
  expiresAt?: string;
  /** Where the holder can read about the certificate. */
  infoUrl?: string;
  /** Where the holder can report a problem. */
  feedbackUrl?: string;
  /**
   * The status entries once a status list position is allocated: for a new credential its Status List 2021
   * revocation and suspension entries (`statusEntryForPosition`), which add the Status List 2021 context. Two
   * `BitstringStatusListEntry`s, or a single one, are how credentials were issued before.
   */
  credentialStatus?: CredentialStatusEntry | CredentialStatusEntry[];
}

function toSeconds(iso: string, field: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new HealthcredError('invalid_input', `${field}: must be an ISO 8601 date-time.`, { field });
  return `${new Date(time).toISOString().slice(0, 19)}Z`;
}

/** A date or zone-less date-time from a registry, read as UTC, as an ISO 8601 UTC date-time. */
function toUtcDateTime(value: string): string {
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value.length === 10 ? `${value}T00:00:00` : value}Z`;
  return new Date(Date.parse(zoned)).toISOString();
}

function credentialAddress(address: PostalAddress): CredentialAddress {
  return dropUndefined({ ...address });
}

/** `value` when the issuer's credentials carry `field`, else undefined (left out). */
function optional<T>(issuer: IssuerProfile, field: OptionalCredentialField, value: T): T | undefined {
  return issuer.credentialFields?.includes(field) ? value : undefined;
}

function subject(recipient: Recipient, options: BuildCredentialOptions): PersonSubject {
  const { issuer } = options;
  return dropUndefined({
    id: derivedUrnUuid(issuer.did, 'holder', options.certificateId),
    type: 'Person' as const,
    refId: optional(issuer, 'refId', recipient.refId),
    name: recipient.name,
    givenName: recipient.givenName,
    familyName: recipient.familyName,
    latinGivenName: recipient.latinGivenName,
    latinFamilyName: recipient.latinFamilyName,
    dob: recipient.dob,
    gender: optional(issuer, 'gender', recipient.gender),
    age: optional(issuer, 'age', recipient.age),
    nationality: optional(issuer, 'nationality', recipient.nationality),
    address: optional(issuer, 'address', recipient.address && credentialAddress(recipient.address)),
  });
}

function facility(value: Facility): { name: string; address: CredentialAddress } {
  return { name: value.name, address: credentialAddress(value.address) };
}

/** The healthcred credential types, with the paths of their context versions. */
export const CREDENTIAL_CONTEXT_PATHS = {
  ProofOfVaccinationCredential: { v1: VACCINATION_CONTEXT_PATH, v2: VACCINATION_CONTEXT_V2_PATH },
  ProofOfTestCertificateCredential: { v1: TEST_RESULT_CONTEXT_PATH, v2: TEST_RESULT_CONTEXT_V2_PATH },
} as const;

type CredentialType = keyof typeof CREDENTIAL_CONTEXT_PATHS;

/**
 * The context path of a credential of `type` about `subject` (a recipient, or a credential subject as JSON): v2 when
 * it has name parts, which only v2 defines; else v1, so that records without them give the credentials they always
 * gave.
 */
export function contextPathFor(type: CredentialType, subject: object): string {
  const paths = CREDENTIAL_CONTEXT_PATHS[type];
  return NAME_PART_FIELDS.some((field) => (subject as Record<string, unknown>)[field] !== undefined) ? paths.v2 : paths.v1;
}

/** The Status List 2021 context when an entry is a `StatusList2021Entry` (it defines that type), else none. */
function statusContexts(status: BuildCredentialOptions['credentialStatus']): string[] {
  const entries = status === undefined ? [] : Array.isArray(status) ? status : [status];
  return entries.some((entry) => entry.type === 'StatusList2021Entry') ? [STATUS_LIST_2021_CONTEXT] : [];
}

function common<T extends CredentialType>(options: BuildCredentialOptions, type: T, recipient: Recipient) {
  const contextPath = contextPathFor(type, recipient);
  if (!CERTIFICATE_ID_PATTERN.test(options.certificateId)) {
    throw new HealthcredError('invalid_input', 'certificateId: must look like 7K3M-9QXP-2RB4.', { field: 'certificateId' });
  }
  return dropUndefined({
    '@context': [
      VC_V1_CONTEXT, contextUrl(options.issuer.url, contextPath), ...statusContexts(options.credentialStatus), ED25519_2020_CONTEXT,
    ],
    id: derivedUrnUuid(options.issuer.did, 'credential', options.certificateId),
    type: ['VerifiableCredential', type] as ['VerifiableCredential', T],
    issuer: options.issuer.did,
    issuanceDate: toSeconds(options.issuedAt, 'issuedAt'),
    expirationDate: options.expiresAt === undefined ? undefined : toSeconds(options.expiresAt, 'expiresAt'),
    nonTransferable: true,
    credentialSubject: subject(recipient, options),
    credentialStatus: options.credentialStatus,
  });
}

function evidenceCommon(options: BuildCredentialOptions, verifier: { name: string } | undefined) {
  return {
    id: derivedUrnUuid(options.issuer.did, 'evidence', options.certificateId),
    certificateId: options.certificateId,
    infoUrl: options.infoUrl,
    feedbackUrl: options.feedbackUrl,
    verifier: optional(options.issuer, 'verifier', verifier),
  };
}

/**
 * Builds the unsigned `ProofOfVaccinationCredential` for one dose. Pure: the same inputs give the same credential.
 *
 * It carries the WHO DDCC:VS core data set: the holder's name and birth date, the vaccine, its brand and
 * manufacturer, batch, date, dose and total doses, the facility and its country, the issuer, the certificate id and
 * the status entries; the holder's sex, nationality, age, address and registry `refId` and the health worker only
 * when `issuer.credentialFields` names them. The subject's `id` is a `urn:uuid:` derived from the issuer and the
 * (random) certificate id: a pseudonym that no registry or national ID leads to, and that links none of a person's
 * certificates to another (the store keeps that link).
 * The subject carries the record's name parts and their Latin forms when it has them (for the EU DCC made from
 * the credential later), under the vaccination context v2; a record without them gives a v1 credential, as before
 * they existed.
 *
 * @param record - A validated record (see `parseVaccinationRecord`).
 * @throws HealthcredError `invalid_input` when an option is malformed.
 */
export function buildVaccinationCredential(
  record: VaccinationRecord, options: BuildCredentialOptions,
): VaccinationCredential {
  const { vaccination } = record;
  const date = toUtcDateTime(vaccination.date);
  const evidence: VaccinationEvidence = dropUndefined({
    ...evidenceCommon(options, record.verifier),
    type: ['Vaccination'] as ['Vaccination'],
    batch: vaccination.batch,
    vaccine: vaccination.vaccine,
    manufacturer: vaccination.manufacturer,
    icd11Code: vaccination.icd11Code,
    prophylaxis: vaccination.prophylaxis,
    date,
    effectiveStart: vaccination.effectiveStart ?? date.slice(0, 10),
    effectiveUntil: vaccination.effectiveUntil,
    dose: vaccination.dose,
    totalDoses: vaccination.totalDoses,
    facility: facility(record.facility),
  });
  return {
    ...common(options, 'ProofOfVaccinationCredential', record.recipient),
    evidence: [evidence],
  };
}

/**
 * Builds the unsigned `ProofOfTestCertificateCredential` for one test result. Pure.
 *
 * @param record - A validated record (see `parseTestResultRecord`).
 * @throws HealthcredError `invalid_input` when an option is malformed.
 */
export function buildTestResultCredential(
  record: TestResultRecord, options: BuildCredentialOptions,
): TestResultCredential {
  const { test } = record;
  const evidence: TestResultEvidence = dropUndefined({
    ...evidenceCommon(options, record.verifier),
    type: ['TestResult'] as ['TestResult'],
    disease: test.disease,
    testType: test.testType,
    testName: test.testName,
    manufacturer: test.manufacturer,
    batch: test.batch,
    sampleOrigin: test.sampleOrigin,
    sampleCollectionTimestamp: toUtcDateTime(test.sampleCollectionTimestamp),
    resultTimestamp: test.resultTimestamp === undefined ? undefined : toUtcDateTime(test.resultTimestamp),
    result: test.result,
    facility: facility(record.facility),
  });
  return {
    ...common(options, 'ProofOfTestCertificateCredential', record.recipient),
    evidence: [evidence],
  };
}

import { VC_V1_CONTEXT } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import type {
  DivocProfile, PostalAddress, Recipient, TestResultRecord, VaccinationRecord,
} from '@healthcred/types';
import { CERTIFICATE_ID_PATTERN, derivedUrnUuid } from './identifiers.js';

/** An address as DIVOC writes it: every part, `""` when unknown. */
export interface DivocAddress {
  streetAddress: string; streetAddress2: string; district: string; city: string; addressRegion: string;
  addressCountry: string; postalCode: string;
}

/** DIVOC's `ProofOfVaccinationCredential`, unsigned, as its W3C (v1) or DDCC (v2) template writes it. */
export interface DivocVaccinationCredential {
  '@context': [string, string];
  type: ['VerifiableCredential', 'ProofOfVaccinationCredential'];
  credentialSubject: {
    type: 'Person'; id: string; refId: string; name: string; gender: string; age: string; nationality: string;
    address: DivocAddress; dob?: string;
  };
  issuer: string;
  issuanceDate: string;
  evidence: [{
    id: string; infoUrl: string; feedbackUrl: string; certificateId: string; type: ['Vaccination'];
    batch: string; vaccine: string; manufacturer: string; icd11Code?: string; prophylaxis?: string;
    date: string; effectiveStart: string; effectiveUntil: string; dose: number; totalDoses: number;
    verifier: { name: string };
    facility: { name: string; address: DivocAddress };
  }];
  nonTransferable: 'true';
}

/** DIVOC's `ProofOfTestCertificateCredential`, unsigned, as its test_certificate_signer writes it. */
export interface DivocTestCredential {
  '@context': [string, string];
  type: ['VerifiableCredential', 'ProofOfTestCertificateCredential'];
  credentialSubject: {
    type: 'Person'; id: string; refId: string; name: string; gender: string; dob: string; nationality: string;
    address: DivocAddress;
  };
  issuer: string;
  issuanceDate: string;
  evidence: [{
    id: string; feedbackUrl: string; infoUrl: string; certificateId: string; type: ['TestDetails'];
    batch: string; testName: string; testType: string; manufacturer: string; disease: string; sampleOrigin: string;
    sampleCollectionTimestamp: string; resultTimestamp: string; result: string;
    verifier: { name: string };
    facility: { name: string; address: DivocAddress };
  }];
  nonTransferable: 'true';
}

/** A DIVOC credential of either kind. */
export type DivocCredential = DivocVaccinationCredential | DivocTestCredential;

/** What both DIVOC builders take. */
export interface BuildDivocOptions {
  profile: DivocProfile;
  certificateId: string;
  /** Issuance time, ISO 8601. */
  issuedAt: string;
}

const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

function isoMillis(value: string, field: string): string {
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value.length === 10 ? `${value}T00:00:00` : value}Z`;
  const time = Date.parse(zoned);
  if (Number.isNaN(time)) throw new HealthcredError('invalid_input', `${field}: must be an ISO 8601 date or date-time.`, { field });
  return new Date(time).toISOString();
}

function address(value: PostalAddress | undefined): DivocAddress {
  return {
    streetAddress: value?.streetAddress ?? '', streetAddress2: value?.streetAddress2 ?? '',
    district: value?.district ?? '', city: value?.city ?? '', addressRegion: value?.addressRegion ?? '',
    addressCountry: value?.addressCountry ?? '', postalCode: value?.postalCode ?? '',
  };
}

function checkCertificateId(certificateId: string): void {
  if (!CERTIFICATE_ID_PATTERN.test(certificateId)) {
    throw new HealthcredError('invalid_input', 'certificateId: must look like 7K3M-9QXP-2RB4.', { field: 'certificateId' });
  }
}

function subjectId(profile: DivocProfile, recipient: Recipient): string {
  return derivedUrnUuid(profile.issuer, 'person', recipient.refId);
}

/** DIVOC's `ageOfRecipient`: the recorded age, else whole years from the birth date to issuance, as a string. */
function age(record: VaccinationRecord, issuedAt: string): string {
  if (record.recipient.age !== undefined) return String(record.recipient.age);
  const born = Date.parse(`${record.recipient.dob}T00:00:00Z`);
  if (Number.isNaN(born) || new Date(born).getUTCFullYear() <= 1900) return '';
  return String(Math.floor((Date.parse(issuedAt) - born) / YEAR_MS));
}

/**
 * Builds the unsigned DIVOC `ProofOfVaccinationCredential` of one dose, field for field as DIVOC's templates write
 * it, so that DIVOC's verifier apps and its revocation API read it: `@context` exactly VC v1 and the country's
 * namespace, no `credentialStatus`, `nonTransferable: "true"`, `age` a string, `issuanceDate` and the vaccination
 * `date` with milliseconds, every address part and `effectiveUntil` present (`""` when unknown); with context v2
 * also `dob`, `icd11Code` and `prophylaxis`. Pure.
 *
 * The subject's `id` is a `urn:uuid:` derived from the issuer and the record's `refId` (never a national ID).
 *
 * @param options.issuedAt - Issuance time, ISO 8601.
 * @throws HealthcredError `invalid_input` for a malformed certificate id or date.
 */
export function buildDivocVaccinationCredential(record: VaccinationRecord, options: BuildDivocOptions): DivocVaccinationCredential {
  const { profile, certificateId } = options;
  checkCertificateId(certificateId);
  const issuanceDate = isoMillis(options.issuedAt, 'issuedAt');
  const { recipient, vaccination } = record;
  const v2 = profile.context === 'vaccination/v2';
  const date = isoMillis(vaccination.date, 'record.vaccination.date');
  return {
    '@context': [VC_V1_CONTEXT, profile.namespaceUrl],
    type: ['VerifiableCredential', 'ProofOfVaccinationCredential'],
    credentialSubject: {
      type: 'Person', id: subjectId(profile, recipient), refId: recipient.refId,
      name: recipient.name, gender: recipient.gender ?? '', age: age(record, issuanceDate),
      nationality: recipient.nationality ?? '', address: address(recipient.address),
      ...(v2 ? { dob: recipient.dob } : {}),
    },
    issuer: profile.issuer,
    issuanceDate,
    evidence: [{
      id: `${profile.certificateBaseUrl}${certificateId}`, infoUrl: `${profile.infoBaseUrl}${certificateId}`,
      feedbackUrl: `${profile.feedbackBaseUrl}${certificateId}`, certificateId, type: ['Vaccination'],
      batch: vaccination.batch, vaccine: vaccination.vaccine, manufacturer: vaccination.manufacturer,
      ...(v2 ? { icd11Code: vaccination.icd11Code ?? '', prophylaxis: vaccination.prophylaxis ?? '' } : {}),
      date, effectiveStart: vaccination.effectiveStart ?? date.slice(0, 10), effectiveUntil: vaccination.effectiveUntil ?? '',
      dose: vaccination.dose, totalDoses: vaccination.totalDoses,
      verifier: { name: record.verifier?.name ?? '' },
      facility: { name: record.facility.name, address: address(record.facility.address) },
    }],
    nonTransferable: 'true',
  };
}

/**
 * Builds the unsigned DIVOC `ProofOfTestCertificateCredential` of one test result, field for field as DIVOC's
 * test_certificate_signer writes it: `@context` exactly VC v1 and the profile's test namespace, `evidence[0]` of type
 * `TestDetails` with every field present (`""` when unknown), the timestamps with milliseconds,
 * `nonTransferable: "true"`. Pure.
 *
 * @throws HealthcredError `invalid_input` (field `kind`) when the profile has no test namespace; for a malformed
 *   certificate id or date.
 */
export function buildDivocTestCredential(record: TestResultRecord, options: BuildDivocOptions): DivocTestCredential {
  const { profile, certificateId } = options;
  if (profile.testNamespaceUrl === undefined) {
    throw new HealthcredError('invalid_input',
      'kind: this DIVOC profile issues vaccination certificates only; set HEALTHCRED_DIVOC_TEST_NAMESPACE for test certificates.', { field: 'kind' });
  }
  checkCertificateId(certificateId);
  const { recipient, test } = record;
  return {
    '@context': [VC_V1_CONTEXT, profile.testNamespaceUrl],
    type: ['VerifiableCredential', 'ProofOfTestCertificateCredential'],
    credentialSubject: {
      type: 'Person', id: subjectId(profile, recipient), refId: recipient.refId, name: recipient.name,
      gender: recipient.gender ?? '', dob: recipient.dob, nationality: recipient.nationality ?? '', address: address(recipient.address),
    },
    issuer: profile.issuer,
    issuanceDate: isoMillis(options.issuedAt, 'issuedAt'),
    evidence: [{
      id: `${profile.certificateBaseUrl}${certificateId}`, feedbackUrl: `${profile.feedbackBaseUrl}${certificateId}`,
      infoUrl: `${profile.infoBaseUrl}${certificateId}`, certificateId, type: ['TestDetails'],
      batch: test.batch ?? '', testName: test.testName ?? '', testType: test.testType, manufacturer: test.manufacturer ?? '',
      disease: test.disease, sampleOrigin: test.sampleOrigin ?? '',
      sampleCollectionTimestamp: isoMillis(test.sampleCollectionTimestamp, 'record.test.sampleCollectionTimestamp'),
      resultTimestamp: test.resultTimestamp === undefined ? '' : isoMillis(test.resultTimestamp, 'record.test.resultTimestamp'),
      result: test.result,
      verifier: { name: record.verifier?.name ?? '' },
      facility: { name: record.facility.name, address: address(record.facility.address) },
    }],
    nonTransferable: 'true',
  };
}

/** JSON as it appears in a credential. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The address terms of the healthcred contexts (the same names as DIVOC's). */
export interface CredentialAddress {
  streetAddress?: string;
  streetAddress2?: string;
  district?: string;
  city?: string;
  addressRegion?: string;
  addressCountry: string;
  postalCode?: string;
}

/**
 * The fields a deployment may add to a credential beyond the WHO DDCC:VS core data set (the default, minimal form):
 * the holder's `gender` (sex), `nationality`, `age`, `address` and registry `refId`, and the health worker
 * (`verifier`) of the event.
 */
export type OptionalCredentialField = 'gender' | 'nationality' | 'age' | 'address' | 'refId' | 'verifier';

/** `credentialSubject` of every healthcred credential. */
export interface PersonSubject {
  /**
   * A `urn:uuid:` pseudonym that reveals no registry or national ID: since the minimal credentials, one per
   * certificate (derived from the issuer and the random certificate id); credentials issued before carry one derived
   * from the issuer and the registry's `refId`.
   */
  id: string;
  type: 'Person';
  /** The registry's reference: only in credentials of deployments that ask for it, and those issued before. */
  refId?: string;
  name: string;
  /** The record's name parts and their Latin forms (see `Recipient`); present only in credentials of context v2. */
  givenName?: string;
  familyName?: string;
  latinGivenName?: string;
  latinFamilyName?: string;
  dob: string;
  gender?: string;
  age?: number;
  nationality?: string;
  address?: CredentialAddress;
}

/** One `evidence` entry of a vaccination credential. */
export interface VaccinationEvidence {
  id: string;
  type: ['Vaccination'];
  certificateId: string;
  infoUrl?: string;
  feedbackUrl?: string;
  batch: string;
  vaccine: string;
  manufacturer: string;
  icd11Code?: string;
  prophylaxis?: string;
  date: string;
  effectiveStart: string;
  effectiveUntil?: string;
  dose: number;
  totalDoses: number;
  verifier?: { name: string };
  facility: { name: string; address: CredentialAddress };
}

/** One `evidence` entry of a test-result credential. */
export interface TestResultEvidence {
  id: string;
  type: ['TestResult'];
  certificateId: string;
  infoUrl?: string;
  feedbackUrl?: string;
  disease: string;
  testType: string;
  testName?: string;
  manufacturer?: string;
  batch?: string;
  sampleOrigin?: string;
  sampleCollectionTimestamp: string;
  resultTimestamp?: string;
  result: string;
  verifier?: { name: string };
  facility: { name: string; address: CredentialAddress };
}

/**
 * A W3C Bitstring Status List entry, as carried in `credentialStatus`: new credentials carry two (`revocation`,
 * then `suspension`, at the same index of two parallel lists); credentials issued before carry one `revocation`
 * entry whose list bit means revoked or suspended.
 */
export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation' | 'suspension';
  statusListIndex: string;
  statusListCredential: string;
}

/**
 * A W3C CCG Status List 2021 entry (context `https://w3id.org/vc/status-list/2021/v1`): what new VC 1.1 credentials
 * carry, two of them (`revocation`, then `suspension`, at the same index), so that verifiers which pick their status
 * checker by entry type (`@digitalbazaar/vc-status-list`) read them.
 * @see https://www.w3.org/community/reports/credentials/CG-FINAL-vc-status-list-2021-20230102/
 */
export interface StatusList2021Entry {
  id: string;
  type: 'StatusList2021Entry';
  statusPurpose: 'revocation' | 'suspension';
  statusListIndex: string;
  statusListCredential: string;
}

/** Any status entry a healthcred credential carries. */
export type CredentialStatusEntry = BitstringStatusListEntry | StatusList2021Entry;

interface UnsignedCredentialBase {
  '@context': string[];
  id: string;
  issuer: string;
  issuanceDate: string;
  expirationDate?: string;
  nonTransferable: boolean;
  credentialSubject: PersonSubject;
  /**
   * One entry (credentials issued before the suspension lists), or two (revocation, suspension): Status List 2021
   * entries in new credentials, Bitstring Status List entries in those issued before.
   */
  credentialStatus?: CredentialStatusEntry | CredentialStatusEntry[];
}

/** An unsigned `ProofOfVaccinationCredential`. */
export interface VaccinationCredential extends UnsignedCredentialBase {
  type: ['VerifiableCredential', 'ProofOfVaccinationCredential'];
  evidence: [VaccinationEvidence];
}

/** An unsigned `ProofOfTestCertificateCredential`. */
export interface TestResultCredential extends UnsignedCredentialBase {
  type: ['VerifiableCredential', 'ProofOfTestCertificateCredential'];
  evidence: [TestResultEvidence];
}

/** Any unsigned healthcred credential. */
export type HealthCredential = VaccinationCredential | TestResultCredential;

/** An `Ed25519Signature2020` linked-data proof. */
export interface Ed25519Signature2020Proof {
  type: 'Ed25519Signature2020';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  /** Multibase (base58btc, `z` prefix) encoding of the 64-byte Ed25519 signature. */
  proofValue: string;
}

/** A credential with its proof. */
export type Signed<C> = C & { proof: Ed25519Signature2020Proof };

/** Any signed healthcred credential. */
export type SignedHealthCredential = Signed<HealthCredential>;

/**
 * An unsigned W3C Bitstring Status List credential (VC data model v1 form): the list a verifier fetches to check
 * the `credentialStatus` of many credentials at once.
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
 */
export interface BitstringStatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  issuanceDate: string;
  expirationDate?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: 'revocation' | 'suspension';
    /** Multibase base64url (`u` prefix, no padding) of the GZIP-compressed bitstring. */
    encodedList: string;
    /** Milliseconds a verifier may cache the list. */
    ttl?: number;
  };
}

/**
 * An unsigned W3C CCG Status List 2021 credential (VC data model 1.1): the list the Status List 2021 entries of new
 * credentials point at. Its `encodedList` is GZIP + base64url with no multibase prefix (the Bitstring form has `u`).
 * @see https://www.w3.org/community/reports/credentials/CG-FINAL-vc-status-list-2021-20230102/#statuslist2021credential
 */
export interface StatusList2021Credential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'StatusList2021Credential'];
  issuer: string;
  issuanceDate: string;
  credentialSubject: {
    id: string;
    type: 'StatusList2021';
    statusPurpose: 'revocation' | 'suspension';
    /** Base64url (no padding, no prefix) of the GZIP-compressed bitstring. */
    encodedList: string;
  };
}

/** Any unsigned status list credential this issuer publishes. */
export type StatusListCredential = BitstringStatusListCredential | StatusList2021Credential;

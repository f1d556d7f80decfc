import type {
  CredentialAddress, SignedHealthCredential, TestResultEvidence, VaccinationEvidence,
} from '@healthcred/types';

/** A labelled value printed on the certificate. */
export type Row = [label: string, value: string];

/** What a certificate page shows, as text, before layout. */
export interface CertificateContent {
  title: string;
  issuer: string;
  person: Row[];
  event: { heading: string; rows: Row[] };
  certificate: Row[];
}

function date(value: string | undefined): string {
  return value === undefined ? '' : value.slice(0, 10);
}

function dateTime(value: string | undefined): string {
  return value === undefined ? '' : `${value.slice(0, 10)} ${value.slice(11, 16)} UTC`;
}

function address(value: CredentialAddress | undefined): string {
  if (!value) return '';
  return [value.streetAddress, value.streetAddress2, value.city, value.district, value.addressRegion, value.postalCode,
    value.addressCountry].filter((part) => part !== undefined && part !== '').join(', ');
}

function present(rows: [string, string | number | undefined][]): Row[] {
  return rows.filter((row): row is [string, string | number] => row[1] !== undefined && row[1] !== '')
    .map(([label, value]) => [label, String(value)]);
}

function vaccinationRows(evidence: VaccinationEvidence): Row[] {
  return present([
    ['Vaccine', evidence.vaccine], ['Against', evidence.prophylaxis], ['Manufacturer', evidence.manufacturer],
    ['Batch', evidence.batch], ['Dose', `${evidence.dose} of ${evidence.totalDoses}`], ['Date', date(evidence.date)],
    ['Valid until', date(evidence.effectiveUntil)], ['Vaccinated at', evidence.facility?.name],
    ['Facility address', address(evidence.facility?.address)], ['Vaccinator', evidence.verifier?.name],
  ]);
}

function testRows(evidence: TestResultEvidence): Row[] {
  return present([
    ['Disease', evidence.disease], ['Test type', evidence.testType], ['Test', evidence.testName],
    ['Manufacturer', evidence.manufacturer], ['Sample', evidence.sampleOrigin],
    ['Sample collected', dateTime(evidence.sampleCollectionTimestamp)], ['Result date', dateTime(evidence.resultTimestamp)],
    ['Result', evidence.result], ['Tested at', evidence.facility?.name],
    ['Facility address', address(evidence.facility?.address)], ['Verified by', evidence.verifier?.name],
  ]);
}

/**
 * The text a certificate page shows for a signed credential: who, what, and which certificate. Pure. Fields the
 * credential lacks are left out.
 * @param issuerName - The issuer's display name. Default: the issuer's DID.
 */
export function certificateContent(credential: SignedHealthCredential, issuerName?: string): CertificateContent {
  const subject = credential.credentialSubject;
  const evidence = credential.evidence[0];
  const isTest = (credential.type as string[]).includes('ProofOfTestCertificateCredential');
  // A VC 2.0 credential (the vc2 profile) names its validity period validFrom / validUntil.
  const vc2 = credential as { validFrom?: string; validUntil?: string };
  return {
    title: isTest ? 'Certificate of Test Result' : 'Certificate of Vaccination',
    issuer: issuerName ?? credential.issuer,
    person: present([
      ['Name', subject.name], ['Date of birth', subject.dob], ['Gender', subject.gender],
      ['Nationality', subject.nationality], ['Reference', subject.refId],
    ]),
    event: isTest
      ? { heading: `${(evidence as TestResultEvidence).disease} test`, rows: testRows(evidence as TestResultEvidence) }
      : { heading: 'Vaccination', rows: vaccinationRows(evidence as VaccinationEvidence) },
    certificate: present([
      ['Certificate ID', evidence.certificateId], ['Issued', date(vc2.validFrom ?? credential.issuanceDate)],
      ['Expires', date(vc2.validUntil ?? credential.expirationDate)], ['Issuer', credential.issuer],
    ]),
  };
}

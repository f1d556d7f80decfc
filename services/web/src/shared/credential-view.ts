import type { MessageKey } from './i18n.js';

/** Text to show: as is, or a message with parameters. */
export type Text = string | { key: MessageKey; params: Record<string, string | number> };

/** One labelled line of a certificate. */
export interface Row {
  label: MessageKey;
  value: Text;
}

/** What a person needs to see of a credential, in display order. */
export interface CredentialView {
  title: MessageKey;
  holder: Row[];
  /** One group of rows per vaccination or test (`evidence` entry). */
  evidence: Row[][];
  issuer: Row[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** `2021-06-15T09:30:00.000Z` → `2021-06-15`: dates are shown as ISO dates, which read the same in every language. */
export function isoDate(value: unknown): string | undefined {
  const date = text(value);
  return date && /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : date;
}

/** `did:web:moh.example.org%3A8443:vc` → `moh.example.org:8443/vc`; any other DID as is. */
export function issuerName(did: string): string {
  const match = /^did:web:([^:]+)((?::[^:]+)*)$/.exec(did);
  if (!match) return did;
  const path = match[2] ? match[2].split(':').slice(1).map(decodeURIComponent).join('/') : '';
  return decodeURIComponent(match[1]!) + (path ? `/${path}` : '');
}

function rows(entries: [MessageKey, Text | undefined][]): Row[] {
  return entries.filter((entry): entry is [MessageKey, Text] => entry[1] !== undefined)
    .map(([label, value]) => ({ label, value }));
}

function vaccinationRows(evidence: Json): Row[] {
  const dose = text(evidence.dose);
  const total = text(evidence.totalDoses);
  return rows([
    ['cert.vaccine', text(evidence.vaccine)],
    ['cert.manufacturer', text(evidence.manufacturer)],
    ['cert.dose', dose && total ? { key: 'cert.doseOf', params: { dose, total } } : dose],
    ['cert.date', isoDate(evidence.date)],
    ['cert.batch', text(evidence.batch)],
    ['cert.facility', isObject(evidence.facility) ? text(evidence.facility.name) : undefined],
  ]);
}

function testResultRows(evidence: Json): Row[] {
  return rows([
    ['cert.disease', text(evidence.disease)],
    ['cert.testType', [text(evidence.testType), text(evidence.testName)].filter(Boolean).join(' · ') || undefined],
    ['cert.result', text(evidence.result)],
    ['cert.sampleDate', isoDate(evidence.sampleCollectionTimestamp)],
    ['cert.facility', isObject(evidence.facility) ? text(evidence.facility.name) : undefined],
  ]);
}

/** The display model of a (decoded, possibly unverified) credential. Pure; tolerates missing fields. */
export function credentialView(credential: unknown): CredentialView {
  const vc = isObject(credential) ? credential : {};
  const subject = isObject(vc.credentialSubject) ? vc.credentialSubject : {};
  const evidence = (Array.isArray(vc.evidence) ? vc.evidence : []).filter(isObject);
  const isTest = Array.isArray(vc.type) && vc.type.includes('ProofOfTestCertificateCredential');
  const issuer = typeof vc.issuer === 'string' ? vc.issuer : isObject(vc.issuer) ? text(vc.issuer.id) : undefined;
  return {
    title: isTest ? 'cert.testResult' : 'cert.vaccination',
    holder: rows([
      ['cert.name', text(subject.name)],
      ['cert.dob', isoDate(subject.dob)],
      ['cert.age', text(subject.age)],
      ['cert.gender', text(subject.gender)],
      ['cert.certificateId', text(evidence[0]?.certificateId)],
    ]),
    evidence: evidence.map(isTest ? testResultRows : vaccinationRows),
    issuer: rows([
      ['cert.issuer', issuer === undefined ? undefined : issuerName(issuer)],
      ['cert.issuedAt', isoDate(vc.validFrom ?? vc.issuanceDate)],
      ['cert.validUntil', isoDate(vc.validUntil ?? vc.expirationDate)],
    ]),
  };
}

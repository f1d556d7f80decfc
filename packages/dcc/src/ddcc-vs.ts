import type { Recipient, VaccinationRecord } from '@healthcred/types';
import { buildDdccImmunization, countryAlpha3, DDCC_CANONICAL, ddccProfile, type FhirResource } from './ddcc-immunization.js';
import { invalidInput } from './fail.js';
import { nameUuid } from './name-uuid.js';
import type { DccValueSets } from './value-sets.js';

const LOINC = 'http://loinc.org';
const FHIR_GENDERS = new Set(['male', 'female', 'other', 'unknown']);

/** Options of {@link buildDdccVsBundle}. */
export interface BuildDdccVsBundleOptions {
  record: VaccinationRecord;
  /** The certificate's identifier (HCID), e.g. the healthcred certificate id or the UVCI. */
  certificateId: string;
  /** System of the identifier. Default `urn:healthcred:certificate`. */
  identifierSystem?: string;
  /** Country of vaccination, ISO 3166-1 alpha-2 or alpha-3; written as alpha-3, as the IG asks. */
  country: string;
  /** The public health authority that issues the certificate. */
  issuerName: string;
  /** Document time (Bundle.timestamp, Composition.date). */
  now: Date;
  /** Certificate valid until (Composition.event.period.end), if any. */
  validUntil?: Date;
  /**
   * EU codes for the brand and the market authorization holder when the vaccine is mapped, and its SNOMED CT
   * vaccine code for a record without an ICD-11 code.
   */
  valueSets?: DccValueSets;
}

export type { FhirResource } from './ddcc-immunization.js';

/** A FHIR R4 document Bundle. */
export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'document';
  entry: Array<{ fullUrl: string; resource: FhirResource }>;
  [key: string]: unknown;
}

/** DDCCPatient: the full name as `text` (use official), and the family and given names when the record has them. */
function patient(id: string, recipient: Recipient): FhirResource {
  const name: Record<string, unknown> = { use: 'official', text: recipient.name };
  if (recipient.familyName) name.family = recipient.familyName;
  if (recipient.givenName) name.given = [recipient.givenName];
  const gender = recipient.gender?.toLowerCase();
  return {
    resourceType: 'Patient', id, meta: ddccProfile('DDCCPatient'), name: [name],
    birthDate: recipient.dobEstimated ? recipient.dob.slice(0, 4) : recipient.dob,
    ...(gender !== undefined && FHIR_GENDERS.has(gender) ? { gender } : {}),
  };
}

/**
 * The WHO DDCC:VS core data set of a vaccination as a FHIR R4 document Bundle of the implementation guide v1.0.1
 * (canonical `http://smart.who.int/ddcc`): DDCCVSDocument holding DDCCVSComposition (category `ddcc-vs` of
 * DDCCCompositionCategoryCodeSystem), DDCCPatient, DDCCOrganization (the issuer) and DDCCImmunization, with
 * name-based UUIDs so the same certificate always gives the same bundle. Pure. Not signed: sign or wrap it as the
 * transport needs.
 * @throws HealthcredError `invalid_input` for an empty certificate id or issuer name, a country that is not an ISO
 *   3166-1 code, and a vaccine without a code (`vaccination.icd11Code`).
 */
export function buildDdccVsBundle(options: BuildDdccVsBundleOptions): FhirBundle {
  if (options.certificateId.trim() === '') throw invalidInput('certificateId', 'must not be empty.');
  if (options.issuerName.trim() === '') throw invalidInput('issuerName', 'must not be empty.');
  const country = countryAlpha3(options.country);
  const system = options.identifierSystem ?? 'urn:healthcred:certificate';
  const id = (type: string) => nameUuid(`${system}:${options.certificateId}#${type}`);
  const url = (type: string) => `urn:uuid:${id(type)}`;
  const refs = { patient: url('Patient'), organization: url('Organization'), immunization: url('Immunization') };
  const immunization = buildDdccImmunization(id('Immunization'), {
    record: options.record, country, refs, ...(options.valueSets ? { valueSets: options.valueSets } : {}),
  });
  const timestamp = options.now.toISOString();
  const composition: FhirResource = {
    resourceType: 'Composition', id: id('Composition'), meta: ddccProfile('DDCCVSComposition'),
    identifier: { system, value: options.certificateId }, status: 'final',
    type: { coding: [{ system: LOINC, code: '82593-5', display: 'Immunization summary report' }] },
    category: [{ coding: [{ system: `${DDCC_CANONICAL}/CodeSystem/DDCCCompositionCategoryCodeSystem`, code: 'ddcc-vs' }] }],
    subject: { reference: refs.patient }, date: timestamp, author: [{ reference: refs.organization }],
    title: 'Digital Documentation of COVID-19 Certificate (DDCC)',
    attester: [{ mode: 'official', party: { reference: refs.organization } }],
    ...(options.validUntil ? { event: [{ period: { start: timestamp, end: options.validUntil.toISOString() } }] } : {}),
    section: [{
      code: { coding: [{ system: LOINC, code: '11369-6', display: 'History of Immunization Narrative' }] },
      focus: { reference: refs.immunization }, entry: [{ reference: refs.immunization }],
    }],
  };
  const resources = [
    composition,
    patient(id('Patient'), options.record.recipient),
    { resourceType: 'Organization', id: id('Organization'), meta: ddccProfile('DDCCOrganization'), name: options.issuerName },
    immunization,
  ];
  return {
    resourceType: 'Bundle', id: id('Bundle'), meta: ddccProfile('DDCCVSDocument'),
    identifier: { system, value: options.certificateId }, type: 'document', timestamp,
    link: [{ relation: 'publication', url: `${system}:${options.certificateId}` }],
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}

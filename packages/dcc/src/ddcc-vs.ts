import type { Recipient, VaccinationRecord } from '@healthcred/types';
import { invalidInput } from './fail.js';
import { nameUuid } from './name-uuid.js';
import { findVaccine } from './value-set-lookup.js';
import type { DccValueSets } from './value-sets.js';

/** Base of the WHO DDCC implementation guide's canonical URLs (sushi-config `canonical`). */
const DDCC = 'http://worldhealthorganization.github.io/ddcc';
const ICD11 = 'http://id.who.int/icd11/mms';
const LOINC = 'http://loinc.org';
const COVID_NAMES = new Set(['covid-19', 'covid19', 'sars-cov-2']);
const FHIR_GENDERS = new Set(['male', 'female', 'other', 'unknown']);

/** Options of {@link buildDdccVsBundle}. */
export interface BuildDdccVsBundleOptions {
  record: VaccinationRecord;
  /** The certificate's identifier (HCID), e.g. the healthcred certificate id or the UVCI. */
  certificateId: string;
  /** System of the identifier. Default `urn:healthcred:certificate`. */
  identifierSystem?: string;
  /** Country of vaccination, ISO 3166-1 code (DDCC prefers alpha-3; alpha-2 is kept as given). */
  country: string;
  /** The public health authority that issues the certificate. */
  issuerName: string;
  /** Document time (Bundle.timestamp, Composition.date). */
  now: Date;
  /** Certificate valid until (Composition.event.period.end), if any. */
  validUntil?: Date;
  /** When given and the vaccine is mapped: EU codes for the brand and the market authorization holder. */
  valueSets?: DccValueSets;
}

/** A FHIR R4 resource as plain JSON. */
export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;

/** A FHIR R4 document Bundle. */
export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'document';
  entry: Array<{ fullUrl: string; resource: FhirResource }>;
  [key: string]: unknown;
}

const profile = (name: string) => ({ profile: [`${DDCC}/StructureDefinition/${name}`] });
const euSystem = (code: string, registered: string, temporary: string) => (/^(EU\/|ORG-)/.test(code) ? registered : temporary);

function patient(id: string, recipient: Recipient): FhirResource {
  const name: Record<string, unknown> = { use: 'official', text: recipient.name };
  if (recipient.familyName) name.family = recipient.familyName;
  if (recipient.givenName) name.given = [recipient.givenName];
  const gender = recipient.gender?.toLowerCase();
  return {
    resourceType: 'Patient', id, meta: profile('DDCCPatient'), name: [name],
    birthDate: recipient.dobEstimated ? recipient.dob.slice(0, 4) : recipient.dob,
    ...(gender !== undefined && FHIR_GENDERS.has(gender) ? { gender } : {}),
  };
}

function brandExtensions(record: VaccinationRecord, valueSets: DccValueSets | undefined): Array<Record<string, unknown>> {
  const v = record.vaccination;
  const eu = valueSets ? findVaccine(valueSets, v.vaccine) : undefined;
  const brand = eu ? { system: euSystem(eu.mp, 'https://ec.europa.eu/health/documents/community-register/html/',
    'http://ec.europa.eu/temp/vaccineproductname'), code: eu.mp, display: v.vaccine } : { display: v.vaccine };
  const holder = eu ? { system: euSystem(eu.ma, 'https://spor.ema.europa.eu/v1/organisations',
    'http://ec.europa.eu/temp/vaccinemanufacturer'), code: eu.ma, display: v.manufacturer } : { display: v.manufacturer };
  return [
    { url: `${DDCC}/StructureDefinition/DDCCVaccineBrand`, valueCoding: brand },
    { url: `${DDCC}/StructureDefinition/DDCCVaccineMarketAuthorization`, valueCoding: holder },
  ];
}

function immunization(id: string, refs: { patient: string; organization: string }, options: BuildDdccVsBundleOptions): FhirResource {
  const { record } = options;
  const v = record.vaccination;
  const disease = v.prophylaxis ?? 'COVID-19';
  return {
    resourceType: 'Immunization', id, meta: profile('DDCCImmunization'),
    extension: [
      ...brandExtensions(record, options.valueSets),
      { url: `${DDCC}/StructureDefinition/DDCCCountryOfVaccination`, valueCode: options.country },
      ...(v.effectiveStart ? [{ url: `${DDCC}/StructureDefinition/DDCCVaccineValidFrom`, valueDateTime: v.effectiveStart }] : []),
    ],
    status: 'completed',
    vaccineCode: { ...(v.icd11Code ? { coding: [{ system: ICD11, code: v.icd11Code }] } : {}), text: v.vaccine },
    patient: { reference: refs.patient },
    occurrenceDateTime: v.date,
    location: { display: record.facility.name },
    manufacturer: { display: v.manufacturer },
    lotNumber: v.batch,
    ...(record.verifier ? { performer: [{ actor: { display: record.verifier.name } }] } : {}),
    protocolApplied: [{
      authority: { reference: refs.organization },
      targetDisease: [COVID_NAMES.has(disease.toLowerCase())
        ? { coding: [{ system: ICD11, code: 'RA01', display: 'COVID-19' }], text: disease } : { text: disease }],
      doseNumberPositiveInt: v.dose,
      seriesDosesPositiveInt: v.totalDoses,
    }],
  };
}

/**
 * The WHO DDCC:VS core data set of a vaccination as a FHIR R4 document Bundle (profile DDCCVSDocument):
 * Composition (DDCCVSComposition), Patient, Organization (the issuer) and Immunization, with name-based UUIDs so
 * the same certificate always gives the same bundle. Pure. Not signed: sign or wrap it as the transport needs.
 * @throws HealthcredError `invalid_input` for an empty certificate id or issuer name.
 */
export function buildDdccVsBundle(options: BuildDdccVsBundleOptions): FhirBundle {
  if (options.certificateId.trim() === '') throw invalidInput('certificateId', 'must not be empty.');
  if (options.issuerName.trim() === '') throw invalidInput('issuerName', 'must not be empty.');
  const system = options.identifierSystem ?? 'urn:healthcred:certificate';
  const id = (type: string) => nameUuid(`${system}:${options.certificateId}#${type}`);
  const url = (type: string) => `urn:uuid:${id(type)}`;
  const refs = { patient: url('Patient'), organization: url('Organization'), immunization: url('Immunization') };
  const timestamp = options.now.toISOString();
  const composition: FhirResource = {
    resourceType: 'Composition', id: id('Composition'), meta: profile('DDCCVSComposition'),
    identifier: { system, value: options.certificateId }, status: 'final',
    type: { coding: [{ system: LOINC, code: '82593-5', display: 'Immunization summary report' }] },
    category: [{ coding: [{ system: `${DDCC}/CodeSystem/DDCC-Composition-Category-CodeSystem`, code: 'ddcc-vs' }] }],
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
    { resourceType: 'Organization', id: id('Organization'), meta: profile('DDCCOrganization'), name: options.issuerName },
    immunization(id('Immunization'), refs, options),
  ];
  return {
    resourceType: 'Bundle', id: id('Bundle'), meta: profile('DDCCVSDocument'),
    identifier: { system, value: options.certificateId }, type: 'document', timestamp,
    link: [{ relation: 'publication', url: `${system}:${options.certificateId}` }],
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}

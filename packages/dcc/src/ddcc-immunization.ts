import { iso31661Alpha2ToAlpha3, iso31661Alpha3ToAlpha2 } from 'iso-3166';
import type { VaccinationRecord } from '@healthcred/types';
import { invalidInput } from './fail.js';
import { findVaccine } from './value-set-lookup.js';
import type { DccValueSets } from './value-sets.js';

/** Canonical base of the WHO DDCC implementation guide v1.0.1 (sushi-config `canonical`). */
export const DDCC_CANONICAL = 'http://smart.who.int/ddcc';
const ICD11 = 'http://id.who.int/icd11/mms';
const SNOMED = 'http://snomed.info/sct';
const COVID_NAMES = new Set(['covid-19', 'covid19', 'sars-cov-2']);

/** A FHIR R4 resource as plain JSON. */
export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;

/** `meta` naming one profile of the IG. */
export const ddccProfile = (name: string) => ({ profile: [`${DDCC_CANONICAL}/StructureDefinition/${name}`] });
const extension = (name: string) => `${DDCC_CANONICAL}/StructureDefinition/${name}`;
const euSystem = (code: string, registered: string, temporary: string) => (/^(EU\/|ORG-)/.test(code) ? registered : temporary);

/**
 * The ISO 3166-1 alpha-3 code of a country given as alpha-2 or alpha-3, as DDCCCountryOfEvent binds it (preferred
 * value set iso3166-1-3). @throws HealthcredError `invalid_input` naming `country` for any other value.
 */
export function countryAlpha3(country: string): string {
  const code = country.trim().toUpperCase();
  const alpha3 = code.length === 2 ? iso31661Alpha2ToAlpha3[code] : iso31661Alpha3ToAlpha2[code] && code;
  if (!alpha3) throw invalidInput('country', 'must be an ISO 3166-1 alpha-2 or alpha-3 country code, e.g. LK or LKA.');
  return alpha3;
}

/**
 * The one coding DDCCImmunization allows in `vaccineCode` (1..1, system and code required): the record's ICD-11 code
 * (the IG's preferred WHODDCCVaccinesCOVID19), else the EU vaccine-prophylaxis SNOMED CT code of a mapped vaccine.
 * @throws HealthcredError `invalid_input` naming `vaccination.icd11Code` when the record has neither.
 */
function vaccineCoding(record: VaccinationRecord, valueSets: DccValueSets | undefined): { system: string; code: string } {
  const { icd11Code, vaccine } = record.vaccination;
  if (icd11Code !== undefined) return { system: ICD11, code: icd11Code };
  const vp = valueSets ? findVaccine(valueSets, vaccine)?.vp : undefined;
  if (vp !== undefined && /^\d+$/.test(vp)) return { system: SNOMED, code: vp };
  throw invalidInput('vaccination.icd11Code', 'is required for a WHO DDCC:VS (its vaccine code) unless the vaccine ' +
    'has an EU SNOMED CT vaccine code in the value sets.');
}

function brandExtensions(record: VaccinationRecord, valueSets: DccValueSets | undefined): Array<Record<string, unknown>> {
  const v = record.vaccination;
  const eu = valueSets ? findVaccine(valueSets, v.vaccine) : undefined;
  const brand = eu ? { system: euSystem(eu.mp, 'https://ec.europa.eu/health/documents/community-register/html/',
    'http://ec.europa.eu/temp/vaccineproductname'), code: eu.mp, display: v.vaccine } : { display: v.vaccine };
  const holder = eu ? { system: euSystem(eu.ma, 'https://spor.ema.europa.eu/v1/organisations',
    'http://ec.europa.eu/temp/vaccinemanufacturer'), code: eu.ma, display: v.manufacturer } : { display: v.manufacturer };
  return [
    { url: extension('DDCCEventBrand'), valueCoding: brand },
    { url: extension('DDCCVaccineMarketAuthorization'), valueCoding: holder },
  ];
}

/** A FHIR dateTime: a date as it is, a date-time without a zone read as UTC (FHIR requires the zone with a time). */
function fhirDateTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) || /(Z|[+-]\d{2}:\d{2})$/.test(value)) return value;
  return new Date(Date.parse(`${value}Z`)).toISOString();
}

/** What the Immunization refers to and is about. */
export interface ImmunizationInput {
  record: VaccinationRecord;
  /** ISO 3166-1 alpha-3 country of vaccination. */
  country: string;
  valueSets?: DccValueSets;
  refs: { patient: string; organization: string };
}

/**
 * The DDCCImmunization (IG v1.0.1) of a vaccination: DDCCEventBrand, DDCCVaccineMarketAuthorization,
 * DDCCCountryOfEvent (alpha-3 `valueCode`) and DDCCVaccineValidFrom (`valueDate`) extensions, one vaccine coding, the
 * administering centre, the dose in `protocolApplied` with the issuer as authority.
 * @throws HealthcredError `invalid_input` naming `vaccination.icd11Code` when the vaccine has no code (see above).
 */
export function buildDdccImmunization(id: string, input: ImmunizationInput): FhirResource {
  const { record } = input;
  const v = record.vaccination;
  const disease = v.prophylaxis ?? 'COVID-19';
  return {
    resourceType: 'Immunization', id, meta: ddccProfile('DDCCImmunization'),
    extension: [
      ...brandExtensions(record, input.valueSets),
      { url: extension('DDCCCountryOfEvent'), valueCode: input.country },
      ...(v.effectiveStart ? [{ url: extension('DDCCVaccineValidFrom'), valueDate: v.effectiveStart.slice(0, 10) }] : []),
    ],
    status: 'completed',
    vaccineCode: { coding: [vaccineCoding(record, input.valueSets)], text: v.vaccine },
    patient: { reference: input.refs.patient },
    occurrenceDateTime: fhirDateTime(v.date),
    location: { display: record.facility.name },
    manufacturer: { display: v.manufacturer },
    lotNumber: v.batch,
    ...(record.verifier ? { performer: [{ actor: { display: record.verifier.name } }] } : {}),
    protocolApplied: [{
      authority: { reference: input.refs.organization },
      targetDisease: [COVID_NAMES.has(disease.toLowerCase())
        ? { coding: [{ system: ICD11, code: 'RA01', display: 'COVID-19' }], text: disease } : { text: disease }],
      doseNumberPositiveInt: v.dose,
      seriesDosesPositiveInt: v.totalDoses,
    }],
  };
}

import type { Facility } from '@healthcred/types';

/** A DHIS2 UID: 11 characters, a letter followed by letters or digits. */
export const DHIS2_UID = /^[A-Za-z][A-Za-z0-9]{10}$/;

/**
 * What one option code of a dose-number data element means: a dose of the primary series (`{dose: 2}`) or the
 * n-th booster (`{booster: 1}`), whose dose number continues after the primary series.
 */
export type DoseOption = { dose: number } | { booster: number };

/** One vaccine product as the country's option set codes it, with what the certificate shows for it. */
export interface VaccineDefinition {
  /** Option codes of the vaccine data element meaning this product, upper-cased (matching is case-insensitive). */
  codes: readonly string[];
  /** Name printed on the certificate (WHO DDCC "vaccine or prophylaxis" / brand). */
  name: string;
  /** Manufacturer printed when the event carries no manufacturer value. */
  manufacturer?: string;
  /** Doses in the primary series when the event carries no total-doses value. */
  totalDoses?: number;
  /** ICD-11 code of the vaccine type, e.g. `XM9QW8` (COVID-19 vaccine, non-replicating viral vector). */
  icd11Code?: string;
  /** Disease or agent targeted (DDCC), e.g. `COVID-19`. */
  prophylaxis?: string;
}

/**
 * Where a value of the tracked entity lives: the tracked entity attribute UIDs that may hold it, in order of
 * preference. Several UIDs are allowed because UIDs changed between package versions; the first with a value wins.
 */
export type UidList = readonly string[];

/** The tracked entity attributes that describe the person. */
export interface RecipientFields {
  /** Full name. When empty, the name is `firstName` and `lastName` joined in `nameOrder`. */
  name: UidList;
  /** Given name(s): the record's `givenName` (with a last name; alone, it is the person's one name). */
  firstName: UidList;
  /** Family name(s): the record's `familyName`. */
  lastName: UidList;
  /**
   * The first name in Latin letters, for names in a script ICAO 9303 cannot transliterate (Sinhala, Tamil, Lao...):
   * the record's `latinGivenName`, the source of the EU DCC `gnt`. Optional; none in the COVAC package.
   */
  latinFirstName: UidList;
  /** The last name in Latin letters: the record's `latinFamilyName`, the source of the EU DCC `fnt`. Optional. */
  latinLastName: UidList;
  /** `given-family` (default, "Nimal Perera") or `family-given` (e.g. Vietnamese "Nguyễn Văn An"). */
  nameOrder: 'given-family' | 'family-given';
  /** Birth date (DHIS2 value type DATE or AGE). */
  birthDate: UidList;
  /** "Date of birth is estimated" (TRUE_ONLY or BOOLEAN). */
  birthDateEstimated: UidList;
  /** Age in whole years, for registries that record an age instead of a birth date. */
  age: UidList;
  sex: UidList;
  /**
   * National ID. Listed so that no other field can be mapped to it by mistake: it is never read into a record.
   */
  nationalId: UidList;
}

/** The data elements of the vaccination program stage. */
export interface VaccinationFields {
  vaccine: UidList;
  manufacturer: UidList;
  batch: UidList;
  doseNumber: UidList;
  totalDoses: UidList;
  /** Name or ID of the health worker who gave the dose (printed as the verifier), optional. */
  vaccinator: UidList;
}

/**
 * Which org unit level (1 = the root) names which part of a facility's address: `{"addressRegion": 2,
 * "district": 3}` for a hierarchy of country, province, district, ... Parts without a level are left out, except
 * the country, which is then `Dhis2Mapping.country`.
 */
export type OrgUnitLevels = Readonly<Partial<Record<'addressCountry' | 'addressRegion' | 'district' | 'city', number>>>;

/**
 * A country's validated DHIS2 mapping: which UIDs and option codes of its DHIS2 instance mean what on a
 * certificate. Produced by {@link parseDhis2Mapping}; deeply frozen. Option-code keys are upper-cased.
 */
export interface Dhis2Mapping {
  /** Where the UIDs come from (metadata package file and version), for the people who maintain the file. */
  source: string;
  description?: string;
  /** Country of vaccination (ISO 3166-1 code or name), used for facilities without a configured address. */
  country: string;
  /** Tracker program UIDs whose events are certified; empty means any program. */
  programs: UidList;
  /** Program stage UIDs of vaccination events; events of other stages are skipped. */
  vaccinationStages: UidList;
  recipient: RecipientFields;
  vaccination: VaccinationFields;
  /** Sex option code → text on the certificate. Empty: the value is printed as sent. */
  sexOptions: Readonly<Record<string, string>>;
  /** Manufacturer option code → name. Empty: the value is printed as sent. */
  manufacturerOptions: Readonly<Record<string, string>>;
  /** Dose-number option code → dose or booster. */
  doseOptions: Readonly<Record<string, DoseOption>>;
  /** Whether a plain number (`"2"`) is accepted as a dose number besides the option codes. Default false. */
  acceptNumericDose: boolean;
  vaccines: readonly VaccineDefinition[];
  /**
   * Org unit UID → facility printed on the certificate, overriding the org unit directory. Org units listed neither
   * here nor in the directory fall back to the event's `orgUnitName`.
   */
  orgUnits: Readonly<Record<string, Facility>>;
  /** Levels of the org unit hierarchy that name the address parts of a facility from the directory. Default `{}`. */
  orgUnitLevels: OrgUnitLevels;
}

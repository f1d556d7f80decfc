/** A postal address as printed on a certificate. Every part is optional except the country. */
export interface PostalAddress {
  streetAddress?: string;
  streetAddress2?: string;
  district?: string;
  city?: string;
  /** State, province or region. */
  addressRegion?: string;
  /** ISO 3166-1 alpha-2 or alpha-3 country code, or the country's name. */
  addressCountry: string;
  postalCode?: string;
}

/** The person a certificate is about, as known to the registry. */
export interface Recipient {
  /**
   * The registry's own reference for the person (DHIS2 tracked entity UID, a pre-registration code). Appears in
   * the credential as `refId`; must not be a national ID number.
   */
  refId: string;
  /** The full name as the registry holds it, printed on the certificate (and its `credentialSubject.name`). */
  name: string;
  /**
   * Given name(s), when the registry keeps them apart from the family name; then {@link Recipient.familyName} is
   * present too. Never replaces `name` on a certificate: it is for formats that want the parts (the EU DCC `gn`,
   * the FHIR `given` of a WHO DDCC:VS).
   */
  givenName?: string;
  /**
   * Family name(s) (surname), when the registry keeps them apart (alone, for a person with one name). Absent,
   * consumers that need the parts (the EU DCC `fn`) treat the whole `name` as the family name.
   */
  familyName?: string;
  /**
   * The given name(s) in Latin letters, when the registry holds a Latin form of a name written in another script
   * (Sinhala, Tamil, Lao...). Only with {@link Recipient.givenName} and {@link Recipient.latinFamilyName}.
   */
  latinGivenName?: string;
  /**
   * The family name(s) in Latin letters: the source of the EU DCC's ICAO 9303 `fnt` (and of `gnt`, with
   * {@link Recipient.latinGivenName}) for a name ICAO 9303 cannot transliterate. Only with
   * {@link Recipient.familyName}.
   */
  latinFamilyName?: string;
  /** Birth date `YYYY-MM-DD`. The certificate's second factor for citizen downloads. */
  dob: string;
  /** Whether the registry estimated the birth date (e.g. from an age). */
  dobEstimated?: boolean;
  gender?: string;
  /** Age in whole years at the time of the event. */
  age?: number;
  nationality?: string;
  address?: PostalAddress;
}

/** Where the event happened. */
export interface Facility {
  name: string;
  address: PostalAddress;
}

/** One vaccination event: one dose of one vaccine given to one person. */
export interface VaccinationRecord {
  recipient: Recipient;
  vaccination: {
    /** Vaccine display name, e.g. `COVISHIELD`. */
    vaccine: string;
    manufacturer: string;
    /** Lot / batch number. */
    batch: string;
    /** When the dose was given: `YYYY-MM-DD` or an ISO 8601 date-time. */
    date: string;
    /** Dose number, starting at 1. Boosters continue the count. */
    dose: number;
    /** Doses in the primary series (or the dose number itself for a booster). */
    totalDoses: number;
    /** ICD-11 code of the vaccine (e.g. `XM9QW8` for COVID-19 vaccines, non-replicating viral vector). */
    icd11Code?: string;
    /** What the vaccine protects against, e.g. `COVID-19`. */
    prophylaxis?: string;
    /** Start of protection `YYYY-MM-DD`; defaults to the vaccination date. */
    effectiveStart?: string;
    /** End of protection `YYYY-MM-DD`, when known. */
    effectiveUntil?: string;
  };
  facility: Facility;
  /** The vaccinator or the person who verified the record. */
  verifier?: { name: string };
}

/** The outcome of a test. */
export type TestResultValue = 'Negative' | 'Positive' | 'Inconclusive';

/** One diagnostic test (e.g. COVID-19 RT-PCR or rapid antigen) with its result. */
export interface TestResultRecord {
  recipient: Recipient;
  test: {
    /** Disease or agent targeted, e.g. `COVID-19`. */
    disease: string;
    /** Test type, e.g. `RT-PCR`, `Rapid antigen`. */
    testType: string;
    /** Test product name. */
    testName?: string;
    manufacturer?: string;
    batch?: string;
    /** Sample origin, e.g. `Nasopharyngeal`. */
    sampleOrigin?: string;
    /** When the sample was taken: ISO 8601 date-time. */
    sampleCollectionTimestamp: string;
    /** When the result was produced: ISO 8601 date-time. */
    resultTimestamp?: string;
    result: TestResultValue;
  };
  facility: Facility;
  verifier?: { name: string };
}

/** Either kind of record a certificate can be issued from. */
export type HealthRecord =
  | { kind: 'vaccination'; record: VaccinationRecord }
  | { kind: 'test-result'; record: TestResultRecord };

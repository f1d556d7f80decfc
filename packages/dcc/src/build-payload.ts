import type { HealthRecord, Recipient } from '@healthcred/types';
import { buildTestEntry, buildVaccinationEntry } from './dcc-entries.js';
import { buildDccName } from './dcc-name.js';
import { DCC_SCHEMA_VERSION, type DccPayload } from './dcc-types.js';
import { invalidInput } from './fail.js';
import { isValidUvci } from './uvci.js';
import type { DccValueSets } from './value-sets.js';

/** Options of {@link buildDccPayload}. */
export interface BuildDccPayloadOptions {
  /** The validated record and its kind. */
  record: HealthRecord;
  /** ISO 3166-1 alpha-2 country of vaccination / test (`co`), e.g. `LK`. */
  country: string;
  /** Certificate issuer (`is`), e.g. `Ministry of Health, Sri Lanka`; at most 80 characters. */
  issuer: string;
  /** The certificate's UVCI with checksum (`ci`), see `buildUvci`. */
  uvci: string;
  /** Local → EU code mapping, see `parseDccValueSets` / `loadDefaultDccValueSets`. */
  valueSets: DccValueSets;
}

/**
 * The birth date as the DCC wants it. An estimated birth date (from an age) is only a year, so only the year is
 * given (the schema allows `YYYY`).
 */
function birthDate(recipient: Recipient): string {
  const dob = recipient.dobEstimated ? recipient.dob.slice(0, 4) : recipient.dob;
  if (!/^(?:19|20)\d\d(?:-\d\d){0,2}$/.test(dob)) throw invalidInput('recipient.dob', 'must be a date from 1900 to 2099 for the EU DCC.');
  return dob;
}

/**
 * Builds the EU DCC payload (schema 1.3.0) of one record: `v` for a vaccination, `t` for a test result. Pure.
 *
 * @throws HealthcredError `invalid_input` naming the field: a vaccine / test / disease without an EU code (unless
 *   `allowLocalCodes`), a name ICAO 9303 cannot transliterate (without the record's Latin form), an inconclusive
 *   test, a malformed country, issuer or UVCI.
 */
export function buildDccPayload(options: BuildDccPayloadOptions): DccPayload {
  if (!/^[A-Z]{2}$/.test(options.country)) throw invalidInput('country', 'must be an ISO 3166-1 alpha-2 code, e.g. LK.');
  const issuer = options.issuer.trim();
  if (issuer === '' || issuer.length > 80) throw invalidInput('issuer', 'must be 1 to 80 characters.');
  if (!isValidUvci(options.uvci)) throw invalidInput('uvci', 'must be a URN:UVCI:01 identifier with a valid checksum (see buildUvci).');
  const { record } = options.record;
  const context = { country: options.country, issuer, uvci: options.uvci, valueSets: options.valueSets };
  const head = { ver: DCC_SCHEMA_VERSION, nam: buildDccName(record.recipient), dob: birthDate(record.recipient) };
  return options.record.kind === 'vaccination'
    ? { ...head, v: [buildVaccinationEntry(options.record.record, context)] }
    : { ...head, t: [buildTestEntry(options.record.record, context)] };
}
